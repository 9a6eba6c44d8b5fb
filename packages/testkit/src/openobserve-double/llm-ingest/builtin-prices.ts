/** One price tier: USD per million tokens, used from `minInputTokens` on (no minimum: the default). */
interface PriceTier {
  minInputTokens?: number;
  inputPerMillion: number;
  outputPerMillion: number;
}

/** A row of OpenObserve's built-in price table: a regex over the model name and its tiers. */
export interface BuiltinPrice {
  /** The pattern as OpenObserve writes it (Rust regex syntax, `(?i)` for case-insensitive). */
  pattern: string;
  regex: RegExp;
  tiers: readonly PriceTier[];
}

function simple(pattern: string, inputPerMillion: number, outputPerMillion: number): BuiltinPrice {
  return tiered(pattern, [{ inputPerMillion, outputPerMillion }]);
}

function tiered(pattern: string, tiers: PriceTier[]): BuiltinPrice {
  const caseInsensitive = pattern.startsWith('(?i)');
  const source = caseInsensitive ? pattern.slice(4) : pattern;
  return { pattern, regex: new RegExp(source, caseInsensitive ? 'iu' : 'u'), tiers };
}

function longContext(pattern: string, long: [number, number], short: [number, number]): BuiltinPrice {
  return tiered(pattern, [
    { minInputTokens: 200_000, inputPerMillion: long[0], outputPerMillion: long[1] },
    { inputPerMillion: short[0], outputPerMillion: short[1] },
  ]);
}

/**
 * OpenObserve's built-in price table (`MODEL_PRICING` in `src/core/src/traces/otel/pricing.rs`,
 * HEAD `fbab9b80`), in its order: the first pattern found anywhere in the model name wins, so
 * `gpt-4o-mini-2024-07-18` is priced as `gpt-4o-mini`, not `gpt-4o` or `gpt-4`.
 */
export const BUILTIN_PRICES: readonly BuiltinPrice[] = [
  simple('gpt-5\\.2-pro', 21.0, 168.0),
  simple('gpt-5\\.2', 1.75, 14.0),
  simple('gpt-5\\.1', 1.25, 10.0),
  simple('gpt-5-pro', 15.0, 120.0),
  simple('gpt-5-mini', 0.25, 2.0),
  simple('gpt-5-nano', 0.05, 0.4),
  simple('gpt-5', 1.25, 10.0),
  simple('gpt-4\\.1-mini', 0.4, 1.6),
  simple('gpt-4\\.1', 2.0, 8.0),
  simple('gpt-4o-mini', 0.15, 0.6),
  simple('gpt-4o', 2.5, 10.0),
  simple('o1-pro', 150.0, 600.0),
  simple('o1', 15.0, 60.0),
  simple('o3-pro', 20.0, 80.0),
  simple('o3-mini', 1.1, 4.4),
  simple('o3', 2.0, 8.0),
  simple('o4-mini', 1.1, 4.4),
  simple('gpt-image-1\\.5', 8.0, 32.0),
  simple('gpt-image-1-mini', 2.5, 8.0),
  simple('gpt-image-1', 10.0, 40.0),
  simple('gpt-4-turbo', 10.0, 30.0),
  simple('gpt-4-32k', 60.0, 120.0),
  simple('gpt-4-0125-preview', 10.0, 30.0),
  simple('gpt-4-1106-preview', 10.0, 30.0),
  simple('gpt-4', 30.0, 60.0),
  simple('gpt-3\\.5-turbo', 0.5, 1.5),
  simple('gpt-3\\.5', 0.5, 1.5),
  simple('text-embedding-3-large', 0.13, 0.0),
  simple('text-embedding-3-small', 0.02, 0.0),
  simple('text-embedding-ada-002', 0.1, 0.0),
  longContext('claude-opus-4-6', [10.0, 37.5], [5.0, 25.0]),
  longContext('claude-sonnet-4-6', [6.0, 22.5], [3.0, 15.0]),
  longContext('claude-sonnet-4-5', [6.0, 22.5], [3.0, 15.0]),
  longContext('claude-sonnet-4', [6.0, 22.5], [3.0, 15.0]),
  simple('claude-opus-4-5', 5.0, 25.0),
  simple('claude-haiku-4-5', 1.0, 5.0),
  simple('claude-opus-4-1', 15.0, 75.0),
  simple('claude-opus-4', 15.0, 75.0),
  simple('claude-3-opus', 15.0, 75.0),
  simple('claude-3-7-sonnet', 3.0, 15.0),
  simple('claude-3-5-sonnet', 3.0, 15.0),
  simple('claude-3-sonnet', 3.0, 15.0),
  simple('claude-haiku-3-5', 0.8, 4.0),
  simple('claude-3-5-haiku', 0.8, 4.0),
  simple('claude-3-haiku', 0.25, 1.25),
  longContext('gemini-3\\.1-pro', [4.0, 18.0], [2.0, 12.0]),
  simple('gemini-3\\.1-flash-lite', 0.25, 1.5),
  simple('gemini-3-flash', 0.5, 3.0),
  longContext('gemini-2\\.5-pro', [2.5, 15.0], [1.25, 10.0]),
  simple('gemini-2\\.5-flash-lite', 0.1, 0.4),
  simple('gemini-2\\.5-flash', 0.3, 2.5),
  simple('gemini-2\\.0-flash-lite', 0.075, 0.3),
  simple('gemini-2\\.0-flash', 0.1, 0.4),
  simple('gemini-1\\.5-pro', 1.25, 5.0),
  simple('gemini-1\\.5-flash', 0.075, 0.3),
  simple('gemini-pro', 0.5, 1.5),
  simple('gemini-embedding-001', 0.15, 0.0),
  simple('(?i)deepseek-v4-flash', 0.14, 0.28),
  simple('(?i)deepseek-v4-pro', 0.435, 0.87),
  simple('(?i)deepseek-(?:v3|chat)(?:$|-)', 0.27, 1.1),
  simple('(?i)deepseek-(?:r1|reasoner)(?:-\\d[\\d-]*)?$', 0.55, 2.19),
  simple('(?i)deepseek-r1-distill-llama-8b', 0.04, 0.04),
  simple('(?i)deepseek-r1-distill-qwen-32b', 0.29, 0.29),
];

/** A cost OpenObserve computed itself from its built-in table. */
export interface BuiltinCost {
  /** The table pattern that matched, e.g. `gpt-4o-mini`. */
  pattern: string;
  input: number;
  output: number;
  total: number;
}

/**
 * Prices a call with the built-in table (`calculate_cost`): `tokens / 1e6 × price`, the tier
 * chosen by the input tokens. `undefined` when no pattern matches the model. A count the double
 * cannot know (`NaN`, OpenObserve would have estimated it) gives `NaN` for what depends on it.
 *
 * @example
 * ```ts
 * builtinCost('gpt-4o', 1000, 500); // { pattern: 'gpt-4o', input: 0.0025, output: 0.005, total: 0.0075 }
 * ```
 */
export function builtinCost(
  model: string,
  inputTokens: number,
  outputTokens: number,
): BuiltinCost | undefined {
  const price = BUILTIN_PRICES.find((candidate) => candidate.regex.test(model));
  if (price === undefined) {
    return undefined;
  }
  const tier =
    price.tiers.find(
      (candidate) => candidate.minInputTokens === undefined || inputTokens >= candidate.minInputTokens,
    ) ?? price.tiers[price.tiers.length - 1];
  if (tier === undefined) {
    return undefined;
  }
  const input = (inputTokens / 1_000_000) * tier.inputPerMillion;
  const tierUnknown = Number.isNaN(inputTokens) && price.tiers.length > 1;
  const output = tierUnknown ? Number.NaN : (outputTokens / 1_000_000) * tier.outputPerMillion;
  return { pattern: price.pattern, input, output, total: input + output };
}
