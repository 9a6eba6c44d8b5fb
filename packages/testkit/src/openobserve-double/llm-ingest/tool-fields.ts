import type { ServerAttributes, ServerValue } from '../server-value.js';
import { stringAt } from '../server-value.js';

const TOOL_NAME_KEYS = [
  'gen_ai.tool.name',
  'tool.name',
  'tool_call.function.name',
  'langchain.tool.name',
  'crewai.task.tools',
  'langfuse.observation.metadata.tool.name',
];
const TOOL_CALL_ID_KEYS = ['gen_ai.tool.call.id', 'langfuse.observation.metadata.tool.id'];

/** The tool fields OpenObserve writes back on an LLM span (`ToolExtractor`). */
export interface ToolFields {
  name: string | undefined;
  callId: string | undefined;
  /** `gen_ai.tool.call.arguments` as sent: deleted with the input/output attributes, then written back. */
  callArguments: ServerValue | undefined;
  callResult: ServerValue | undefined;
}

/**
 * Reads the tool fields (`src/core/src/traces/otel/extractors/tool.rs`): the name from
 * `gen_ai.tool.name`, OpenInference, LangChain, CrewAI or langfuse keys (trimmed, blank skipped);
 * the call id from `gen_ai.tool.call.id` or langfuse; arguments and result as they are.
 *
 * @example
 * ```ts
 * toolFields(new Map([['tool.name', ' get_weather ']])).name; // 'get_weather'
 * ```
 */
export function toolFields(attributes: ServerAttributes): ToolFields {
  let name: string | undefined;
  for (const key of TOOL_NAME_KEYS) {
    const trimmed = stringAt(attributes, key)?.trim();
    if (trimmed) {
      name = trimmed;
      break;
    }
  }
  const callIdKey = TOOL_CALL_ID_KEYS.find((key) => stringAt(attributes, key) !== undefined);
  return {
    name,
    callId: callIdKey === undefined ? undefined : stringAt(attributes, callIdKey),
    callArguments: attributes.get('gen_ai.tool.call.arguments'),
    callResult: attributes.get('gen_ai.tool.call.result'),
  };
}

/**
 * The prompt name OpenObserve writes back to `gen_ai.prompt.name` (`PromptExtractor`): that key,
 * else `langfuse.observation.prompt.name`; the first present wins, `undefined` if not a string.
 *
 * @example
 * ```ts
 * promptName(new Map([['gen_ai.prompt.name', 'greeting']])); // 'greeting'
 * ```
 */
export function promptName(attributes: ServerAttributes): string | undefined {
  const key = ['gen_ai.prompt.name', 'langfuse.observation.prompt.name'].find((candidate) =>
    attributes.has(candidate),
  );
  return key === undefined ? undefined : stringAt(attributes, key);
}
