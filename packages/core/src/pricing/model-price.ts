/** Price of one model in US dollars per token. */
export interface ModelPrice {
  /** Per prompt (input) token that was not read from the cache. */
  input: number;
  /** Per prompt token read from the cache; defaults to `input` when the model has no cache discount. */
  cachedInput?: number;
  /** Per completion (output) token, reasoning tokens included. */
  output: number;
}

/** A table of prices by model name (base names, without a date suffix). */
export type ModelPriceTable = Readonly<Record<string, ModelPrice>>;
