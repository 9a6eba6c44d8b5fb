import type { ServerAttributes } from '../server-value.js';
import { stringAt } from '../server-value.js';

/** Where OpenObserve reads `gen_ai.response.model` from, first key present wins. */
const MODEL_KEYS = [
  'gen_ai.response.model',
  'ai.model.id',
  'gen_ai.request.model',
  'langfuse.observation.model.name',
  'llm.response.model',
  'llm.model_name',
  'model',
];
/** Where OpenObserve reads `gen_ai.provider.name` from, first key present wins. */
const PROVIDER_KEYS = [
  'gen_ai.provider.name',
  'gen_ai.system',
  'ai.model.provider',
  'langfuse.observation.metadata.ls_provider',
];

function firstPresent(attributes: ServerAttributes, keys: readonly string[]): string | undefined {
  const key = keys.find((candidate) => attributes.has(candidate));
  return key === undefined ? undefined : stringAt(attributes, key);
}

/**
 * The model OpenObserve writes to `gen_ai_response_model` (`ModelExtractor`,
 * `src/core/src/traces/otel/extractors/model.rs`): the first of `gen_ai.response.model`,
 * `ai.model.id`, `gen_ai.request.model`, `langfuse.observation.model.name`, `llm.response.model`,
 * `llm.model_name`, `model` that is present; `undefined` when that one is not a string.
 *
 * @example
 * ```ts
 * responseModel(new Map([['gen_ai.request.model', 'gpt-4o-mini'], ['llm.model_name', 'x']])); // 'gpt-4o-mini'
 * ```
 */
export function responseModel(attributes: ServerAttributes): string | undefined {
  return firstPresent(attributes, MODEL_KEYS);
}

/**
 * The provider OpenObserve writes to `gen_ai_provider_name` (`ProviderExtractor`,
 * `src/core/src/traces/otel/extractors/provider.rs`): `gen_ai.provider.name`, `gen_ai.system`,
 * `ai.model.provider`, then langfuse's `ls_provider`. `llm.provider` and `llm.system` are not read.
 *
 * @example
 * ```ts
 * providerName(new Map([['llm.provider', 'openai']])); // undefined
 * providerName(new Map([['gen_ai.system', 'openai']])); // 'openai'
 * ```
 */
export function providerName(attributes: ServerAttributes): string | undefined {
  return firstPresent(attributes, PROVIDER_KEYS);
}
