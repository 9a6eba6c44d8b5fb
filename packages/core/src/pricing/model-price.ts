/**
 * Price of one model in US dollars per token.
 *
 * @example
 * ```ts
 * const price: ModelPrice = { input: 0.15 / 1e6, cachedInput: 0.075 / 1e6, output: 0.6 / 1e6 };
 * ```
 */
export interface ModelPrice {
  /** Per prompt (input) token that was not read from the cache. */
  input: number;
  /** Per prompt token read from the cache; defaults to `input` when the model has no cache discount. */
  cachedInput?: number;
  /** Per completion (output) token, reasoning tokens included. */
  output: number;
}

/**
 * A table of prices by model name (base names, without a date suffix).
 *
 * @example
 * ```ts
 * const prices: ModelPriceTable = { 'my-finetune': { input: 3e-6, output: 12e-6 } };
 * instrumentOpenAI({ prices });
 * ```
 */
export type ModelPriceTable = Readonly<Record<string, ModelPrice>>;
