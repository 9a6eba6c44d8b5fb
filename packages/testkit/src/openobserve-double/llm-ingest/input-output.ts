import {
  newServerObject,
  type ServerAttributes,
  type ServerObject,
  type ServerValue,
} from '../server-value.js';
import { keyPathToValue } from './key-path-object.js';

/** A span event as OpenObserve's LLM step sees it: its name and its attributes by raw key. */
export interface LlmSpanEvent {
  name: string;
  attributes: ServerAttributes;
}

/**
 * What OpenObserve copies to `gen_ai.input.messages` / `gen_ai.output.messages`: `undefined` when
 * no source gave a value (nothing is written), `null` when a source was found but holds nothing
 * (the search stops, nothing is written either).
 */
export interface InputOutput {
  input: ServerValue | undefined;
  output: ServerValue | undefined;
}

const MESSAGE_EVENT_ROLES: Record<string, string> = {
  'gen_ai.system.message': 'system',
  'gen_ai.user.message': 'user',
  'gen_ai.assistant.message': 'assistant',
  'gen_ai.tool.message': 'tool',
};

/** Pairs of attributes read as (input, output) once the input key is present, in rank order. */
const PAIRS_BEFORE_NESTED: readonly [string, string][] = [
  ['langfuse.observation.input', 'langfuse.observation.output'],
  ['traceloop.entity.input', 'traceloop.entity.output'],
];
const PAIRS_AFTER_NESTED: readonly [string, string][] = [
  ['gen_ai.input.messages', 'gen_ai.output.messages'],
  ['gen_ai.tool.call.arguments', 'gen_ai.tool.call.result'],
];
const PAIRS_AFTER_FRAMEWORKS: readonly [string, string][] = [
  ['mlflow.spanInputs', 'mlflow.spanOutputs'],
  ['input.value', 'output.value'],
  ['input', 'output'],
  ['tool_arguments', 'tool_response'],
];

function attributesObject(attributes: ServerAttributes, first?: [string, ServerValue]): ServerObject {
  const object = newServerObject();
  if (first !== undefined) {
    object[first[0]] = first[1];
  }
  for (const [key, value] of attributes) {
    object[key] = value;
  }
  return object;
}

function fromMessageEvents(events: readonly LlmSpanEvent[]): InputOutput | undefined {
  const inputs: ServerValue[] = [];
  const outputs: ServerValue[] = [];
  for (const event of events) {
    const role = MESSAGE_EVENT_ROLES[event.name];
    if (role !== undefined) {
      inputs.push(attributesObject(event.attributes, ['role', role]));
    } else if (event.name === 'gen_ai.choice') {
      outputs.push(attributesObject(event.attributes));
    }
  }
  if (inputs.length === 0 && outputs.length === 0) {
    return undefined;
  }
  return {
    input: inputs.length > 0 ? inputs : undefined,
    output: outputs.length === 0 ? undefined : outputs.length === 1 ? outputs[0] : outputs,
  };
}

function fromPairs(
  attributes: ServerAttributes,
  pairs: readonly [string, string][],
): InputOutput | undefined {
  for (const [inputKey, outputKey] of pairs) {
    if (attributes.has(inputKey)) {
      return { input: attributes.get(inputKey), output: attributes.get(outputKey) };
    }
  }
  return undefined;
}

function fromKeyPaths(
  attributes: ServerAttributes,
  inputPrefix: string,
  outputPrefix: string,
): InputOutput | undefined {
  const keys = [...attributes.keys()];
  const hasInput = keys.some((key) => key.startsWith(inputPrefix));
  const hasOutput = keys.some((key) => key.startsWith(outputPrefix));
  if (!hasInput && !hasOutput) {
    return undefined;
  }
  return {
    input: hasInput ? keyPathToValue(attributes, inputPrefix) : undefined,
    output: hasOutput ? keyPathToValue(attributes, outputPrefix) : undefined,
  };
}

function fromSemanticKernelEvents(events: readonly LlmSpanEvent[]): InputOutput | undefined {
  const prompt = events.find((event) => event.name === 'gen_ai.content.prompt');
  const completion = events.find((event) => event.name === 'gen_ai.content.completion');
  if (prompt === undefined && completion === undefined) {
    return undefined;
  }
  return {
    input: prompt && attributesObject(prompt.attributes),
    output: completion && attributesObject(completion.attributes),
  };
}

function firstOf(attributes: ServerAttributes, keys: readonly string[]): ServerValue | undefined {
  const key = keys.find((candidate) => attributes.has(candidate));
  return key === undefined ? undefined : attributes.get(key);
}

function fromVercelAiSdk(attributes: ServerAttributes): InputOutput | undefined {
  const input = firstOf(attributes, ['ai.prompt.messages', 'ai.prompt', 'ai.toolCall.args']);
  let output: ServerValue | undefined;
  const text = attributes.get('ai.response.text');
  if (text !== undefined) {
    const toolCalls = attributes.get('ai.response.toolCalls');
    if (toolCalls === undefined) {
      output = text;
    } else {
      output = newServerObject();
      output.role = 'assistant';
      output.content = text;
      output.tool_calls = toolCalls;
    }
  } else {
    output = firstOf(attributes, [
      'ai.result.text',
      'ai.toolCall.result',
      'ai.response.object',
      'ai.result.object',
      'ai.response.toolCalls',
      'ai.result.toolCalls',
    ]);
  }
  return input === undefined && output === undefined ? undefined : { input, output };
}

function fromVertexAgent(attributes: ServerAttributes): InputOutput | undefined {
  const request = attributes.get('gcp.vertex.agent.llm_request');
  if (request === undefined) {
    return undefined;
  }
  const input = request === '{}' ? attributes.get('gcp.vertex.agent.tool_call_args') : request;
  let output = attributes.get('gcp.vertex.agent.llm_response');
  if (output === undefined || output === '{}') {
    output = attributes.get('gcp.vertex.agent.tool_response');
  }
  return { input, output };
}

function fromLiveKit(attributes: ServerAttributes): InputOutput | undefined {
  if (!attributes.has('lk.input_text')) {
    return undefined;
  }
  return {
    input: attributes.get('lk.input_text'),
    output: firstOf(attributes, ['lk.function_tool.output', 'lk.response.text']),
  };
}

/**
 * Finds the input and output OpenObserve copies, verbatim, into `gen_ai.input.messages` and
 * `gen_ai.output.messages` (`InputOutputExtractor::extract`,
 * `src/core/src/traces/otel/extractors/input_output.rs`). The first source present wins:
 * `gen_ai.*.message` / `gen_ai.choice` events; langfuse; `traceloop.entity.*`; `gen_ai.prompt*` /
 * `gen_ai.completion*` keys (so `gen_ai.prompt.name` alone makes the input `{"name":…}` and hides
 * `gen_ai.input.messages`); `gen_ai.{input,output}.messages`; `gen_ai.tool.call.*`; Semantic
 * Kernel events; the Vercel AI SDK (scope `ai`); Vertex agent; logfire `prompt`; LiveKit; MLflow;
 * `input.value` / `output.value`; `input` / `output`; `tool_arguments` / `tool_response`; and last
 * `llm.input_messages.*` / `llm.output_messages.*`, rebuilt as `[{"message":{role,content}}]`.
 * (Logfire's `events` attribute is never reached over OTLP: the key collides with the row's
 * `events` column and arrives as `attr_events`.)
 *
 * @example
 * ```ts
 * const span = new Map([['input.value', '{"messages":[]}'], ['llm.input_messages.0.message.role', 'user']]);
 * extractInputOutput([], span, undefined).input; // '{"messages":[]}'
 * ```
 */
export function extractInputOutput(
  events: readonly LlmSpanEvent[],
  attributes: ServerAttributes,
  scopeName: string | undefined,
): InputOutput {
  return (
    fromMessageEvents(events) ??
    fromPairs(attributes, PAIRS_BEFORE_NESTED) ??
    fromKeyPaths(attributes, 'gen_ai.prompt', 'gen_ai.completion') ??
    fromPairs(attributes, PAIRS_AFTER_NESTED) ??
    fromSemanticKernelEvents(events) ??
    (scopeName === 'ai' ? fromVercelAiSdk(attributes) : undefined) ??
    fromVertexAgent(attributes) ??
    fromPairs(attributes, [['prompt', 'all_messages_events']]) ??
    fromLiveKit(attributes) ??
    fromPairs(attributes, PAIRS_AFTER_FRAMEWORKS) ??
    fromKeyPaths(attributes, 'llm.input_messages', 'llm.output_messages') ?? {
      input: undefined,
      output: undefined,
    }
  );
}
