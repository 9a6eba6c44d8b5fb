import type { OpenObserveRow } from '../otlp-json-to-rows.js';
import { parseRustF64, parseRustI64 } from './rust-number-parse.js';

/** Columns OpenObserve stores as Int64 (`GEN_AI_INT64_FIELDS` in `src/core/src/traces/mod.rs`). */
export const GEN_AI_INT64_COLUMNS: readonly string[] = [
  'gen_ai_usage_input_tokens',
  'gen_ai_usage_output_tokens',
  'gen_ai_usage_total_tokens',
  'gen_ai_usage_cache_read_input_tokens',
  'gen_ai_usage_cache_creation_input_tokens',
];
/** Columns OpenObserve stores as Float64 (`GEN_AI_FLOAT64_FIELDS`). */
export const GEN_AI_FLOAT64_COLUMNS: readonly string[] = [
  'gen_ai_response_time_to_first_chunk',
  'gen_ai_usage_cost',
  'gen_ai_usage_cost_input',
  'gen_ai_usage_cost_output',
  'gen_ai_usage_cost_cache_read_input',
  'gen_ai_usage_cost_cache_creation_input',
  'gen_ai_usage_cost_estimated_without_cache',
  'gen_ai_usage_cost_cache_read_savings',
  'gen_ai_usage_cost_net_cache_impact',
];

/**
 * Types the gen_ai number columns of a stored row like OpenObserve does on every span
 * (`normalize_llm_field_types`): the Int64 columns become integers (text parsed as an i64, a
 * fraction truncated, anything else 0), the Float64 columns numbers (text parsed as an f64, not
 * finite or unreadable: 0). Every other column keeps its string.
 *
 * @example
 * ```ts
 * const row = { gen_ai_usage_input_tokens: '12', gen_ai_usage_cost: '0.0000138', llm_token_count_prompt: '12' };
 * normalizeLlmFieldTypes(row);
 * row; // { gen_ai_usage_input_tokens: 12, gen_ai_usage_cost: 0.0000138, llm_token_count_prompt: '12' }
 * ```
 */
export function normalizeLlmFieldTypes(row: OpenObserveRow): void {
  for (const column of GEN_AI_INT64_COLUMNS) {
    const value = row[column];
    if (typeof value === 'string') {
      row[column] = parseRustI64(value) ?? 0;
    } else if (typeof value === 'number' && !Number.isInteger(value)) {
      row[column] = Math.trunc(value);
    }
  }
  for (const column of GEN_AI_FLOAT64_COLUMNS) {
    const value = row[column];
    if (typeof value === 'string') {
      const parsed = parseRustF64(value);
      row[column] = parsed !== undefined && Number.isFinite(parsed) ? parsed : 0;
    }
  }
}
