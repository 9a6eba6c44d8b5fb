import type { ModelPrice, ModelPriceTable } from './model-price.js';
import { OPENAI_PRICES } from './openai-prices.js';

/** Cost of one call in US dollars. */
export interface CallCost {
  prompt: number;
  completion: number;
  total: number;
}

const DATE_SUFFIX = /-(\d{4}-\d{2}-\d{2}|\d{4})$/;

/**
 * The price of `model`: an exact match in `overrides`, then in the built-in table, then the same for
 * the name without its date suffix (`gpt-4o-2024-08-06` → `gpt-4o`, `gpt-4-0613` → `gpt-4`).
 * An unknown model has no price: never a guess.
 */
export function findModelPrice(model: string, overrides?: ModelPriceTable): ModelPrice | undefined {
  const exact = overrides?.[model] ?? OPENAI_PRICES[model];
  if (exact) return exact;
  const base = model.replace(DATE_SUFFIX, '');
  if (base === model) return undefined;
  return overrides?.[base] ?? OPENAI_PRICES[base];
}

/** Prompt, completion and total cost; cached prompt tokens at the cached price. */
export function computeCost(
  price: ModelPrice,
  promptTokens: number,
  completionTokens: number,
  cachedPromptTokens = 0,
): CallCost {
  const cached = Math.min(Math.max(cachedPromptTokens, 0), promptTokens);
  const prompt = (promptTokens - cached) * price.input + cached * (price.cachedInput ?? price.input);
  const completion = completionTokens * price.output;
  return { prompt: round(prompt), completion: round(completion), total: round(prompt + completion) };
}

// Twelve decimals keep sub-cent prices exact without float noise such as 0.30000000000000004.
function round(value: number): number {
  return Math.round(value * 1e12) / 1e12;
}
