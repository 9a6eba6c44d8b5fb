import { builtinCost } from './builtin-prices.js';
import type { UsageCounts } from './usage-counts.js';

/** What the LLM step knows before it fills in usage and cost. */
export interface FillInInput {
  /** A generation or embedding (`is_generation_or_embedding`): only these get counts and prices. */
  isGeneration: boolean;
  model: string | undefined;
  /** An input / output was found (OpenObserve would count its tokens when no count was sent). */
  hasInput: boolean;
  hasOutput: boolean;
  usage: UsageCounts;
  inputIncludesCache: boolean;
  /** The cost the client sent (`gen_ai.usage.cost`, langfuse `cost_details`). */
  clientCost: Map<string, number>;
}

/**
 * Usage and cost as OpenObserve completes them. A count OpenObserve would estimate with its
 * tokenizer is `NaN` here (the double does not guess), and so is everything computed from it.
 */
export interface FilledUsageAndCost {
  usage: UsageCounts;
  cost: Map<string, number>;
  /** The counts OpenObserve would have estimated with tiktoken (`input`, `output`). */
  estimated: string[];
  /** The built-in price pattern OpenObserve priced the call with, when it did. */
  pricedWith: string | undefined;
}

const DERIVED_COSTS = new Set(['total', 'estimated_without_cache', 'cache_read_savings', 'net_cache_impact']);

function cacheInputTokens(usage: UsageCounts): number {
  return (usage.get('cache_read_input_tokens') ?? 0) + (usage.get('cache_creation_input_tokens') ?? 0);
}

/**
 * Fills in usage and cost like OpenObserve (`compute_usage_and_cost` in
 * `src/core/src/traces/otel/processor.rs`, without organization pricing). For a generation or
 * embedding: a missing input or output count is estimated from the found input / output (here:
 * marked in `estimated`, value `NaN`), other missing counts are 0; with no client cost, a model
 * matching the built-in table is priced (`input`, `output`, `total`; the input minus the cache
 * tokens when it includes them). For every LLM span: input and output default to 0, total to
 * input (+ cache tokens when the input excludes them) + output, the cost total to the sum of its
 * parts (0 when there are none).
 *
 * @example
 * ```ts
 * const filled = fillInUsageAndCost({ isGeneration: true, model: 'gpt-4o-mini', hasInput: false, hasOutput: false,
 *   usage: new Map([['input', 1000], ['output', 500]]), inputIncludesCache: true, clientCost: new Map() });
 * filled.cost.get('total'); // 0.00045
 * filled.pricedWith; // 'gpt-4o-mini'
 * ```
 */
export function fillInUsageAndCost(input: FillInInput): FilledUsageAndCost {
  const usage: UsageCounts = new Map(input.usage);
  let cost = new Map(input.clientCost);
  let inputIncludesCache = input.inputIncludesCache;
  const estimated: string[] = [];
  let pricedWith: string | undefined;

  if (input.isGeneration) {
    if (input.hasInput && !usage.has('input')) {
      usage.set('input', Number.NaN);
      estimated.push('input');
      inputIncludesCache = true;
    }
    if (input.hasOutput && !usage.has('output')) {
      usage.set('output', Number.NaN);
      estimated.push('output');
    }
    if (!usage.has('input')) {
      usage.set('input', 0);
    }
    if (!usage.has('output')) {
      usage.set('output', 0);
    }
    if (cost.size === 0 && input.model !== undefined) {
      const inputTokens = usage.get('input') ?? 0;
      const billableInput = inputIncludesCache ? inputTokens - cacheInputTokens(usage) : inputTokens;
      const priced = builtinCost(input.model, billableInput, usage.get('output') ?? 0);
      if (priced !== undefined) {
        cost = new Map([
          ['input', priced.input],
          ['output', priced.output],
          ['total', priced.total],
        ]);
        pricedWith = priced.pattern;
      }
    }
  }

  if (!usage.has('input')) {
    usage.set('input', 0);
  }
  if (!usage.has('output')) {
    usage.set('output', 0);
  }
  if (!usage.has('total')) {
    const cache = inputIncludesCache ? 0 : cacheInputTokens(usage);
    usage.set('total', (usage.get('input') ?? 0) + cache + (usage.get('output') ?? 0));
  }
  if (!cost.has('total')) {
    let total = 0;
    for (const [name, amount] of cost) {
      if (!DERIVED_COSTS.has(name)) {
        total += amount;
      }
    }
    cost.set('total', total);
  }
  return { usage, cost, estimated, pricedWith };
}
