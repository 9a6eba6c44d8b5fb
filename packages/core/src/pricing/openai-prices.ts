import type { ModelPrice, ModelPriceTable } from './model-price.js';

/**
 * The day the built-in table was last checked against OpenAI's published prices.
 *
 * @example
 * ```ts
 * console.log(`prices as of ${OPENAI_PRICES_AS_OF}`); // "2025-11-15"
 * ```
 */
export const OPENAI_PRICES_AS_OF = '2025-11-15';

const perMillion = (input: number, cachedInput: number | undefined, output: number): ModelPrice => ({
  input: input / 1e6,
  ...(cachedInput === undefined ? {} : { cachedInput: cachedInput / 1e6 }),
  output: output / 1e6,
});

/**
 * Standard-tier prices of current OpenAI models (USD; written per million tokens, stored per token),
 * as published on {@link OPENAI_PRICES_AS_OF}. Dated snapshots (`gpt-4o-mini-2024-07-18`) use their
 * base model's price. Extend or override it with the `prices` option of `instrumentOpenAI`.
 *
 * @example
 * ```ts
 * OPENAI_PRICES['gpt-4o-mini']; // { input: 1.5e-7, cachedInput: 7.5e-8, output: 6e-7 }
 * ```
 */
export const OPENAI_PRICES: ModelPriceTable = Object.freeze({
  'gpt-5.1': perMillion(1.25, 0.125, 10),
  'gpt-5': perMillion(1.25, 0.125, 10),
  'gpt-5-mini': perMillion(0.25, 0.025, 2),
  'gpt-5-nano': perMillion(0.05, 0.005, 0.4),
  'gpt-5-pro': perMillion(15, undefined, 120),
  'gpt-4.1': perMillion(2, 0.5, 8),
  'gpt-4.1-mini': perMillion(0.4, 0.1, 1.6),
  'gpt-4.1-nano': perMillion(0.1, 0.025, 0.4),
  'gpt-4o': perMillion(2.5, 1.25, 10),
  'gpt-4o-mini': perMillion(0.15, 0.075, 0.6),
  'chatgpt-4o-latest': perMillion(5, undefined, 15),
  'gpt-4-turbo': perMillion(10, undefined, 30),
  'gpt-4': perMillion(30, undefined, 60),
  'gpt-3.5-turbo': perMillion(0.5, undefined, 1.5),
  'gpt-3.5-turbo-instruct': perMillion(1.5, undefined, 2),
  o1: perMillion(15, 7.5, 60),
  'o1-pro': perMillion(150, undefined, 600),
  'o1-mini': perMillion(1.1, 0.55, 4.4),
  o3: perMillion(2, 0.5, 8),
  'o3-pro': perMillion(20, undefined, 80),
  'o3-mini': perMillion(1.1, 0.55, 4.4),
  'o4-mini': perMillion(1.1, 0.275, 4.4),
  'text-embedding-3-small': perMillion(0.02, undefined, 0),
  'text-embedding-3-large': perMillion(0.13, undefined, 0),
  'text-embedding-ada-002': perMillion(0.1, undefined, 0),
  'davinci-002': perMillion(2, undefined, 2),
  'babbage-002': perMillion(0.4, undefined, 0.4),
});
