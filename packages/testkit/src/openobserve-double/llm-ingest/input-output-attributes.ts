/**
 * Attributes OpenObserve deletes from every LLM span once it has read the input and output
 * (`is_input_output_attribute` in `src/core/src/traces/otel/extractors/input_output.rs`).
 */
export const INPUT_OUTPUT_KEYS: ReadonlySet<string> = new Set([
  'ai.prompt.messages',
  'ai.prompt',
  'ai.toolCall.args',
  'ai.response.text',
  'ai.result.text',
  'ai.toolCall.result',
  'ai.response.object',
  'ai.result.object',
  'ai.response.toolCalls',
  'ai.result.toolCalls',
  'gcp.vertex.agent.llm_request',
  'gcp.vertex.agent.llm_response',
  'gcp.vertex.agent.tool_call_args',
  'gcp.vertex.agent.tool_response',
  'prompt',
  'all_messages_events',
  'events',
  'lk.input_text',
  'lk.function_tool.output',
  'lk.response.text',
  'mlflow.spanInputs',
  'mlflow.spanOutputs',
  'traceloop.entity.input',
  'traceloop.entity.output',
  'input.value',
  'output.value',
  'input',
  'output',
  'tool_arguments',
  'tool_response',
  'gen_ai.input.messages',
  'gen_ai.output.messages',
  'gen_ai.tool.call.arguments',
  'gen_ai.tool.call.result',
  'langfuse.observation.input',
  'langfuse.observation.output',
]);

/** Key prefixes deleted the same way; `gen_ai.prompt` also catches `gen_ai.prompt.name`. */
export const INPUT_OUTPUT_PREFIXES: readonly string[] = [
  'gen_ai.prompt',
  'gen_ai.completion',
  'llm.input_messages',
  'llm.output_messages',
];

/**
 * True for an attribute OpenObserve removes from an LLM span: one of {@link INPUT_OUTPUT_KEYS}
 * or a key starting with one of {@link INPUT_OUTPUT_PREFIXES}. `input.mime_type` and
 * `gen_ai.system_instructions` stay.
 *
 * @example
 * ```ts
 * isInputOutputAttribute('llm.input_messages.0.message.content'); // true
 * isInputOutputAttribute('input.mime_type'); // false
 * ```
 */
export function isInputOutputAttribute(key: string): boolean {
  return INPUT_OUTPUT_KEYS.has(key) || INPUT_OUTPUT_PREFIXES.some((prefix) => key.startsWith(prefix));
}
