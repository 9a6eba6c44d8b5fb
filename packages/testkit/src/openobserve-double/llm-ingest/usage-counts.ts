import type { ServerAttributes } from '../server-value.js';
import { isLiteralObject, literalText, parseJsonObject } from './parse-json-object.js';
import { parseRustF64, parseRustI64 } from './rust-number-parse.js';

/** Token counts by OpenObserve's usage names: `input`, `output`, `total`, `cache_read_input_tokens`… */
export type UsageCounts = Map<string, number>;

/** What {@link extractUsageCounts} found. */
export interface ExtractedUsage {
  usage: UsageCounts;
  /** Whether `input` already includes the cache-read and cache-creation tokens (semconv style). */
  inputIncludesCache: boolean;
}

const PROVIDER_NATIVE_CACHE_KEYS = [
  'gen_ai.usage.cached_tokens',
  'gen_ai_usage_cached_tokens',
  'cached_tokens',
  'gen_ai.usage.prompt_cache_hit_tokens',
  'gen_ai_usage_prompt_cache_hit_tokens',
  'prompt_cache_hit_tokens',
  'gen_ai.usage.prompt_cache_miss_tokens',
  'gen_ai_usage_prompt_cache_miss_tokens',
  'prompt_cache_miss_tokens',
];

/** Cache-read sources, first that parses wins, with whether `input` then includes the cache. */
const CACHE_READ_SOURCES: readonly [string[], boolean][] = [
  [['gen_ai.usage.cache_read.input_tokens', 'gen_ai_usage_cache_read_input_tokens'], true],
  [['cache_read_input_tokens'], false],
  [
    [
      'gen_ai.usage.prompt_tokens_details.cached_tokens',
      'gen_ai_usage_prompt_tokens_details_cached_tokens',
      'prompt_tokens_details.cached_tokens',
      'prompt_tokens_details_cached_tokens',
    ],
    true,
  ],
  [['gen_ai.usage.cache_read_tokens', 'gen_ai_usage_cache_read_tokens'], false],
  [['gen_ai.usage.cached_tokens', 'gen_ai_usage_cached_tokens', 'cached_tokens'], false],
  [
    [
      'gen_ai.usage.prompt_cache_hit_tokens',
      'gen_ai_usage_prompt_cache_hit_tokens',
      'prompt_cache_hit_tokens',
    ],
    false,
  ],
];
const CACHE_CREATION_SOURCES: readonly [string[], boolean][] = [
  [['gen_ai.usage.cache_creation.input_tokens', 'gen_ai_usage_cache_creation_input_tokens'], true],
  [['cache_creation_input_tokens'], false],
  [['gen_ai.usage.cache_write_tokens', 'gen_ai_usage_cache_write_tokens'], false],
];
const SEMCONV_TOKENS: readonly [string[], string][] = [
  [['gen_ai.usage.input_tokens', 'gen_ai_usage_input_tokens'], 'input'],
  [['gen_ai.usage.output_tokens', 'gen_ai_usage_output_tokens'], 'output'],
  [['gen_ai.usage.total_tokens', 'gen_ai_usage_total_tokens'], 'total'],
  [['gen_ai.usage.prompt_tokens', 'gen_ai_usage_prompt_tokens'], 'input'],
  [['gen_ai.usage.completion_tokens', 'gen_ai_usage_completion_tokens'], 'output'],
];
const LANGFUSE_USAGE_NAMES: Record<string, string> = {
  prompt_tokens: 'input',
  completion_tokens: 'output',
  total_tokens: 'total',
};

/** `extract_i64_any`: the first key whose value reads as an i64 (a string, since values are text). */
function firstInteger(attributes: ServerAttributes, keys: readonly string[]): number | undefined {
  for (const key of keys) {
    const value = attributes.get(key);
    const parsed =
      typeof value === 'string' ? parseRustI64(value) : typeof value === 'number' ? value : undefined;
    if (parsed !== undefined) {
      return parsed;
    }
  }
  return undefined;
}

/** `Number::as_f64` with `arbitrary_precision`: the literal as an f64, finite values only. */
function literalFloat(value: unknown): number | undefined {
  const parsed = parseRustF64(literalText(value) ?? '');
  return parsed !== undefined && Number.isFinite(parsed) ? parsed : undefined;
}

/** `set_val_if_not_zero`: only values above zero are kept. */
function setIfPositive(target: Map<string, number>, key: string, value: number): void {
  if (value > 0) {
    target.set(key, value);
  }
}

function setFirstSource(
  attributes: ServerAttributes,
  usage: UsageCounts,
  name: string,
  sources: readonly [string[], boolean][],
): boolean | undefined {
  for (const [keys, includesCache] of sources) {
    const value = firstInteger(attributes, keys);
    if (value !== undefined) {
      setIfPositive(usage, name, value);
      return includesCache;
    }
  }
  return undefined;
}

/**
 * The token counts OpenObserve reads from an LLM span (`UsageExtractor::extract_usage_details`,
 * `src/core/src/traces/otel/extractors/usage.rs`), in its order, later sources overriding earlier
 * ones: `llm.usage.total_tokens`; `gen_ai.usage.{input,output,total,prompt,completion}_tokens`;
 * cache-read and cache-creation variants; `prompt_cache_miss_tokens` (as input);
 * `llm.token_count.prompt` / `.completion` (so these beat `gen_ai.usage.*`); the Vercel AI SDK
 * (scope `ai`); langfuse `usage_details`. Values that are not integers, and values of zero or
 * less, are ignored. `llm.token_count.total` is never read.
 *
 * @example
 * ```ts
 * extractUsageCounts(new Map([['gen_ai.usage.input_tokens', '9'], ['llm.token_count.prompt', '12']]), undefined).usage.get('input'); // 12
 * ```
 */
export function extractUsageCounts(
  attributes: ServerAttributes,
  scopeName: string | undefined,
): ExtractedUsage {
  const usage: UsageCounts = new Map();
  let inputIncludesCache = false;

  const llmTotal = firstInteger(attributes, ['llm.usage.total_tokens', 'llm_usage_total_tokens']);
  if (llmTotal !== undefined) {
    setIfPositive(usage, 'total', llmTotal);
  }
  for (const [keys, name] of SEMCONV_TOKENS) {
    const value = firstInteger(attributes, keys);
    if (value !== undefined) {
      if (name === 'input') {
        inputIncludesCache = true;
      }
      setIfPositive(usage, name, value);
    }
  }
  inputIncludesCache =
    setFirstSource(attributes, usage, 'cache_read_input_tokens', CACHE_READ_SOURCES) ?? inputIncludesCache;
  inputIncludesCache =
    setFirstSource(attributes, usage, 'cache_creation_input_tokens', CACHE_CREATION_SOURCES) ??
    inputIncludesCache;
  const cacheMiss = firstInteger(attributes, [
    'gen_ai.usage.prompt_cache_miss_tokens',
    'gen_ai_usage_prompt_cache_miss_tokens',
    'prompt_cache_miss_tokens',
  ]);
  if (cacheMiss !== undefined) {
    setIfPositive(usage, 'input', cacheMiss);
    inputIncludesCache = false;
  }

  const prompt = firstInteger(attributes, ['llm.token_count.prompt', 'llm_token_count_prompt']);
  if (prompt !== undefined) {
    setIfPositive(usage, 'input', prompt);
    if (!PROVIDER_NATIVE_CACHE_KEYS.some((key) => attributes.has(key))) {
      inputIncludesCache = true;
    }
  }
  const completion = firstInteger(attributes, ['llm.token_count.completion', 'llm_token_count_completion']);
  if (completion !== undefined) {
    setIfPositive(usage, 'output', completion);
  }

  if (scopeName === 'ai') {
    const input = firstInteger(attributes, [
      'gen_ai.usage.input_tokens',
      'gen_ai_usage_input_tokens',
      'gen_ai.usage.prompt_tokens',
      'gen_ai_usage_prompt_tokens',
    ]);
    if (input !== undefined) {
      setIfPositive(usage, 'input', input);
      inputIncludesCache = true;
    }
    const output = firstInteger(attributes, [
      'gen_ai.usage.output_tokens',
      'gen_ai_usage_output_tokens',
      'gen_ai.usage.completion_tokens',
      'gen_ai_usage_completion_tokens',
    ]);
    if (output !== undefined) {
      setIfPositive(usage, 'output', output);
    }
    const total = firstInteger(attributes, ['ai.usage.tokens']);
    if (total !== undefined) {
      setIfPositive(usage, 'total', total);
    }
  }

  const details = attributes.get('langfuse.observation.usage_details');
  const parsed = typeof details === 'string' ? parseJsonObject(details) : undefined;
  for (const [key, value] of Object.entries(parsed ?? {})) {
    const count = parseRustI64(literalText(value) ?? '');
    if (count !== undefined) {
      setIfPositive(usage, LANGFUSE_USAGE_NAMES[key] ?? key, count);
    } else if (isLiteralObject(value)) {
      for (const [subKey, subValue] of Object.entries(value)) {
        const subCount = parseRustI64(literalText(subValue) ?? '');
        if (subCount !== undefined) {
          setIfPositive(usage, `${key}_${subKey}`, subCount);
        }
      }
    }
  }
  return { usage, inputIncludesCache };
}

/**
 * The cost a client sent, by OpenObserve's cost names (`UsageExtractor::extract_cost`): only
 * `gen_ai.usage.cost` (as `total`, when above zero) and langfuse `cost_details`. `llm.cost.*` is
 * not read.
 *
 * @example
 * ```ts
 * extractClientCost(new Map([['gen_ai.usage.cost', '0.0000138']])).get('total'); // 0.0000138
 * extractClientCost(new Map([['gen_ai.usage.cost', '0']])).size; // 0
 * ```
 */
export function extractClientCost(attributes: ServerAttributes): Map<string, number> {
  const cost = new Map<string, number>();
  const total = attributes.get('gen_ai.usage.cost');
  const totalValue =
    typeof total === 'string' ? parseRustF64(total) : typeof total === 'number' ? total : undefined;
  if (totalValue !== undefined) {
    setIfPositive(cost, 'total', totalValue);
  }
  const details = attributes.get('langfuse.observation.cost_details');
  const parsed = typeof details === 'string' ? parseJsonObject(details) : undefined;
  for (const [key, value] of Object.entries(parsed ?? {})) {
    const amount = literalFloat(value);
    if (amount !== undefined) {
      setIfPositive(cost, key, amount);
    } else if (isLiteralObject(value)) {
      for (const [subKey, subValue] of Object.entries(value)) {
        const subAmount = literalFloat(subValue);
        if (subAmount !== undefined) {
          setIfPositive(cost, `${key}_${subKey}`, subAmount);
        }
      }
    }
  }
  return cost;
}
