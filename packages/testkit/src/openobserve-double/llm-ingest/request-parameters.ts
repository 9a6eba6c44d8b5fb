import type { ServerAttributes, ServerValue } from '../server-value.js';
import { type LiteralJson, literalJsonText, literalText, parseJsonObject } from './parse-json-object.js';

/** Vercel AI SDK attributes OpenObserve reads as parameters (scope `ai`), by parameter name. */
const VERCEL_PARAMETERS: readonly [string, string][] = [
  ['maxSteps', 'ai.settings.maxSteps'],
  ['toolChoice', 'ai.prompt.toolChoice'],
  ['maxTokens', 'gen_ai.request.max_tokens'],
  ['finishReason', 'gen_ai.response.finish_reasons'],
  ['system', 'gen_ai.system'],
  ['maxRetries', 'ai.settings.maxRetries'],
  ['mode', 'ai.settings.mode'],
  ['temperature', 'gen_ai.request.temperature'],
];
/** JSON-object attributes read as the parameters, first one that parses wins. */
const PARAMETER_OBJECT_KEYS = [
  'llm.invocation_parameters',
  'langfuse.observation.model.parameters',
  'model_config',
];
const REQUEST_PREFIX = 'gen_ai.request.';

/** `sanitize_param_value` for a value of the span: strings as they are, the rest as JSON text. */
function spanValueText(value: ServerValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** `sanitize_param_value` for a parsed JSON value: numbers as written, objects as compact JSON. */
function literalValueText(value: LiteralJson): string {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'boolean') {
    return String(value);
  }
  return literalText(value) ?? literalJsonText(value);
}

function objectAttribute(attributes: ServerAttributes, key: string): Record<string, LiteralJson> | undefined {
  const value = attributes.get(key);
  return typeof value === 'string' ? parseJsonObject(value) : undefined;
}

/**
 * The request parameters OpenObserve writes back as `gen_ai.request.<name>` strings
 * (`ParametersExtractor`, `src/core/src/traces/otel/extractors/parameters.rs`; the writer skips
 * `model`). Scope `ai`: the Vercel AI SDK settings only. Otherwise the first of
 * `llm.invocation_parameters`, langfuse's `model.parameters`, `model_config` that parses as a JSON
 * object (each number kept as written: `1.0` stays `"1.0"`, nested values as compact JSON), else every
 * `gen_ai.request.*` attribute but `gen_ai.request.model`.
 *
 * @example
 * ```ts
 * requestParameters(new Map([['llm.invocation_parameters', '{"model":"m","temperature":0.2}']]), undefined);
 * // Map { 'model' => 'm', 'temperature' => '0.2' }
 * ```
 */
export function requestParameters(
  attributes: ServerAttributes,
  scopeName: string | undefined,
): Map<string, string> {
  const parameters = new Map<string, string>();
  if (scopeName === 'ai') {
    for (const [name, key] of VERCEL_PARAMETERS) {
      const value = attributes.get(key);
      if (value !== undefined) {
        parameters.set(name, spanValueText(value));
      }
    }
    return parameters;
  }
  for (const key of PARAMETER_OBJECT_KEYS) {
    const parsed = objectAttribute(attributes, key);
    if (parsed !== undefined) {
      for (const [name, value] of Object.entries(parsed)) {
        parameters.set(name, literalValueText(value));
      }
      return parameters;
    }
  }
  for (const [key, value] of attributes) {
    if (key.startsWith(REQUEST_PREFIX) && key !== 'gen_ai.request.model') {
      parameters.set(key.slice(REQUEST_PREFIX.length), spanValueText(value));
    }
  }
  return parameters;
}
