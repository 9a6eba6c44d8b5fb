import type { Attributes } from '@opentelemetry/api';
import { computeCost, findModelPrice } from '../pricing/compute-cost.js';
import type { ModelPrice, ModelPriceTable } from '../pricing/model-price.js';
import { GEN_AI, OI } from './attribute-names.js';
import { isRecord } from './is-record.js';

/** Token counts of one call, whatever the endpoint called them. */
export interface NormalizedUsage {
  promptTokens?: number;
  completionTokens?: number;
  totalTokens?: number;
  cacheReadTokens?: number;
  reasoningTokens?: number;
}

/** Reads Chat Completions / Completions / Embeddings usage (`prompt_tokens`, ...). */
export function usageFromCompletions(usage: unknown): NormalizedUsage | undefined {
  if (!isRecord(usage)) return undefined;
  return {
    promptTokens: numberOrUndefined(usage.prompt_tokens),
    completionTokens: numberOrUndefined(usage.completion_tokens),
    totalTokens: numberOrUndefined(usage.total_tokens),
    cacheReadTokens: numberOrUndefined(nested(usage.prompt_tokens_details, 'cached_tokens')),
    reasoningTokens: numberOrUndefined(nested(usage.completion_tokens_details, 'reasoning_tokens')),
  };
}

/** Reads Responses usage (`input_tokens`, ...). */
export function usageFromResponses(usage: unknown): NormalizedUsage | undefined {
  if (!isRecord(usage)) return undefined;
  return {
    promptTokens: numberOrUndefined(usage.input_tokens),
    completionTokens: numberOrUndefined(usage.output_tokens),
    totalTokens: numberOrUndefined(usage.total_tokens),
    cacheReadTokens: numberOrUndefined(nested(usage.input_tokens_details, 'cached_tokens')),
    reasoningTokens: numberOrUndefined(nested(usage.output_tokens_details, 'reasoning_tokens')),
  };
}

/** Token counts in both vocabularies, and the cost when the model's price is known. */
export function writeUsageAttributes(
  usage: NormalizedUsage,
  model: string | undefined,
  prices: ModelPriceTable | undefined,
  attributes: Attributes,
): void {
  const { promptTokens, completionTokens, cacheReadTokens, reasoningTokens } = usage;
  const totalTokens = usage.totalTokens ?? sum(promptTokens, completionTokens);
  if (promptTokens !== undefined) {
    attributes[OI.tokenPrompt] = promptTokens;
    attributes[GEN_AI.usageInputTokens] = promptTokens;
  }
  if (completionTokens !== undefined) {
    attributes[OI.tokenCompletion] = completionTokens;
    attributes[GEN_AI.usageOutputTokens] = completionTokens;
  }
  if (totalTokens !== undefined) {
    attributes[OI.tokenTotal] = totalTokens;
    attributes[GEN_AI.usageTotalTokens] = totalTokens;
  }
  if (cacheReadTokens !== undefined) {
    attributes[OI.tokenCacheRead] = cacheReadTokens;
    attributes[GEN_AI.usageCacheReadInputTokens] = cacheReadTokens;
  }
  if (reasoningTokens !== undefined) {
    attributes[OI.tokenReasoning] = reasoningTokens;
    attributes[GEN_AI.usageReasoningOutputTokens] = reasoningTokens;
  }
  if (!model || promptTokens === undefined) return;
  const price = modelPrice(model, prices);
  if (!price) return;
  const cost = computeCost(price, promptTokens, completionTokens ?? 0, cacheReadTokens ?? 0);
  attributes[OI.costPrompt] = cost.prompt;
  attributes[OI.costCompletion] = cost.completion;
  attributes[OI.costTotal] = cost.total;
  attributes[GEN_AI.usageCost] = cost.total;
}

/** Prices found so far, by table (undefined: the built-in one) and model name; bounded. */
const priceCache = new WeakMap<object, Map<string, ModelPrice | undefined>>();
const BUILT_IN = {};
const MAX_CACHED_MODELS = 256;

/** `findModelPrice` for the model as the span names it, remembered: a model name is priced once. */
function modelPrice(model: string, prices: ModelPriceTable | undefined): ModelPrice | undefined {
  const table = prices ?? BUILT_IN;
  let byModel = priceCache.get(table);
  if (!byModel) {
    byModel = new Map();
    priceCache.set(table, byModel);
  }
  if (byModel.has(model)) return byModel.get(model);
  const price = findModelPrice(catalogModelName(model), prices);
  if (byModel.size >= MAX_CACHED_MODELS) byModel.clear();
  byModel.set(model, price);
  return price;
}

function sum(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined && b === undefined ? undefined : (a ?? 0) + (b ?? 0);
}

function nested(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Portkey model-catalog names (`@openai-prod/gpt-4o-mini`) are priced as the model after the slug. */
function catalogModelName(model: string): string {
  if (model.charCodeAt(0) !== 64 /* @ */) return model;
  const slash = model.indexOf('/');
  return slash === -1 ? model : model.slice(slash + 1);
}
