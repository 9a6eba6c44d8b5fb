// Facts from OpenObserve's test_normalize_llm_field_types in src/core/src/traces/mod.rs, HEAD fbab9b80.
import { describe, expect, it } from 'vitest';
import type { OpenObserveRow } from '../otlp-json-to-rows.js';
import { normalizeLlmFieldTypes } from './normalize-llm-field-types.js';
import { parseRustF64, parseRustI64, parseRustUsize } from './rust-number-parse.js';

describe('normalizeLlmFieldTypes (normalize_llm_field_types)', () => {
  it('types the Int64 and Float64 gen_ai columns and leaves the rest', () => {
    const row: OpenObserveRow = {
      gen_ai_usage_input_tokens: '12',
      gen_ai_usage_output_tokens: 34.8,
      gen_ai_usage_total_tokens: 'true',
      gen_ai_usage_cache_read_input_tokens: '7',
      gen_ai_usage_cache_creation_input_tokens: 3.8,
      gen_ai_response_time_to_first_chunk: '123456789',
      gen_ai_usage_cost_input: '0.25',
      gen_ai_usage_cost_output: 1,
      gen_ai_usage_cost_cache_read_input: '0.07',
      gen_ai_usage_cost_cache_creation_input: 2,
      gen_ai_usage_cost_estimated_without_cache: '0.32',
      gen_ai_usage_cost_cache_read_savings: '0.18',
      gen_ai_usage_cost_net_cache_impact: '0.11',
      gen_ai_usage_cost: 'false',
      gen_ai_usage_prompt_tokens: '5',
      unrelated: 'value',
    };
    normalizeLlmFieldTypes(row);
    expect(row).toEqual({
      gen_ai_usage_input_tokens: 12,
      gen_ai_usage_output_tokens: 34,
      gen_ai_usage_total_tokens: 0, // a JSON `true` is 1 in the Rust test; over OTLP it is the text "true"
      gen_ai_usage_cache_read_input_tokens: 7,
      gen_ai_usage_cache_creation_input_tokens: 3,
      gen_ai_response_time_to_first_chunk: 123456789,
      gen_ai_usage_cost_input: 0.25,
      gen_ai_usage_cost_output: 1,
      gen_ai_usage_cost_cache_read_input: 0.07,
      gen_ai_usage_cost_cache_creation_input: 2,
      gen_ai_usage_cost_estimated_without_cache: 0.32,
      gen_ai_usage_cost_cache_read_savings: 0.18,
      gen_ai_usage_cost_net_cache_impact: 0.11,
      gen_ai_usage_cost: 0,
      gen_ai_usage_prompt_tokens: '5',
      unrelated: 'value',
    });
  });

  it('stores 0 for a token count written with a fraction or a non-finite cost', () => {
    const row: OpenObserveRow = { gen_ai_usage_input_tokens: '12.0', gen_ai_usage_cost: 'inf' };
    normalizeLlmFieldTypes(row);
    expect(row).toEqual({ gen_ai_usage_input_tokens: 0, gen_ai_usage_cost: 0 });
  });
});

describe('Rust number parsing', () => {
  it('reads integers like str::parse::<i64> and usize', () => {
    expect(parseRustI64('+12')).toBe(12);
    expect(parseRustI64('-7')).toBe(-7);
    expect(parseRustI64(' 12')).toBeUndefined();
    expect(parseRustI64('9223372036854775808')).toBeUndefined();
    expect(parseRustI64('')).toBeUndefined();
    expect(parseRustUsize('007')).toBe(7);
    expect(parseRustUsize('-0')).toBeUndefined();
  });

  it('reads floats like str::parse::<f64>', () => {
    expect(parseRustF64('2.75')).toBe(2.75);
    expect(parseRustF64('5.')).toBe(5);
    expect(parseRustF64('.5')).toBe(0.5);
    expect(parseRustF64('1E3')).toBe(1000);
    expect(parseRustF64('-inf')).toBe(Number.NEGATIVE_INFINITY);
    expect(parseRustF64('NaN')).toBeNaN();
    expect(parseRustF64('not_a_float')).toBeUndefined();
    expect(parseRustF64('0x10')).toBeUndefined();
  });
});
