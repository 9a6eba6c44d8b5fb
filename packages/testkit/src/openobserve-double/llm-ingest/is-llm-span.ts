import type { ServerAttributes } from '../server-value.js';

/**
 * Attribute keys any one of which makes OpenObserve treat a span as an LLM span
 * (`is_llm_trace` in `src/core/src/traces/otel/extractors/gen_ai_operation.rs`). The value does
 * not matter, only the key.
 */
export const LLM_SPAN_KEYS: readonly string[] = [
  'gen_ai.operation.name',
  'gen_ai.request.model',
  'gen_ai.input.messages',
  'gen_ai.agent.name',
  'gen_ai.agent.id',
  'llm.request.type',
  'ai.model.id',
  'ai.prompt',
  'ai.prompt.messages',
  'llm.model_name',
  'langfuse.observation.type',
  'openinference.span.kind',
  'agent.name',
  'tool.name',
  'tool_call.function.name',
  'gcp.vertex.agent.name',
  'crewai.task.agent',
  'crewai.task.tools',
  'langchain.tool.name',
  'gcp.vertex.agent.llm_request',
  'prompt',
  'mlflow.spanInputs',
  'traceloop.span.kind',
  'input',
  'input.value',
];

/**
 * Tells whether OpenObserve runs its LLM ingest step on a span: one of {@link LLM_SPAN_KEYS} is
 * present, or the instrumentation scope is `ai` (the Vercel AI SDK). `gen_ai.response.model` or
 * `gen_ai.usage.*` alone do not count.
 *
 * @example
 * ```ts
 * isLlmSpan(new Map([['gen_ai.request.model', 'gpt-4o-mini']]), undefined); // true
 * isLlmSpan(new Map([['http.method', 'GET']]), undefined); // false
 * ```
 */
export function isLlmSpan(attributes: ServerAttributes, scopeName: string | undefined): boolean {
  return LLM_SPAN_KEYS.some((key) => attributes.has(key)) || scopeName === 'ai';
}
