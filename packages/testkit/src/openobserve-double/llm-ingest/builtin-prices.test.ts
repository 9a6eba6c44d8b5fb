// Facts from OpenObserve's tests in src/core/src/traces/otel/pricing.rs (test_calculate_cost_*,
// test_model_pricing_matches, test_dot_escape_*, test_new_*_models, test_deepseek_models), HEAD fbab9b80.
import { describe, expect, it } from 'vitest';
import { BUILTIN_PRICES, builtinCost } from './builtin-prices.js';

describe('builtinCost (calculate_cost with MODEL_PRICING)', () => {
  it('prices gpt-4o at $2.50 / $10 per 1M (test_calculate_cost_gpt4)', () => {
    expect(builtinCost('gpt-4o', 1000, 500)).toEqual({
      pattern: 'gpt-4o',
      input: 0.0025,
      output: 0.005,
      total: 0.0075,
    });
  });

  it('prices gpt-4o-mini at $0.15 / $0.60 per 1M, dated names included', () => {
    const cost = builtinCost('gpt-4o-mini-2024-07-18', 1_000_000, 1_000_000);
    expect(cost?.pattern).toBe('gpt-4o-mini');
    expect(cost?.input).toBeCloseTo(0.15, 12);
    expect(cost?.output).toBeCloseTo(0.6, 12);
  });

  it('picks the long-context tier from 200k input tokens (test_calculate_cost_claude_sonnet_tiered_*)', () => {
    const short = builtinCost('claude-sonnet-4-6', 50_000, 10_000);
    expect(short?.input).toBeCloseTo(0.15, 10);
    expect(short?.output).toBeCloseTo(0.15, 10);
    expect(short?.total).toBeCloseTo(0.3, 10);
    const long = builtinCost('claude-sonnet-4-6', 250_000, 10_000);
    expect(long?.input).toBeCloseTo(1.5, 10);
    expect(long?.output).toBeCloseTo(0.225, 10);
    expect(long?.total).toBeCloseTo(1.725, 10);
  });

  it('prices gemini and deepseek (test_calculate_cost_gemini, test_deepseek_models)', () => {
    const gemini = builtinCost('gemini-1.5-flash', 10_000, 5_000);
    expect(gemini?.total).toBeCloseTo(0.00225, 10);
    const deepseek = builtinCost('deepseek-v4-pro', 1000, 500);
    expect(deepseek?.input).toBeCloseTo(0.000435, 12);
    expect(deepseek?.output).toBeCloseTo(0.000435, 12);
    expect(builtinCost('deepseek-chat', 1000, 500)).toBeDefined();
    expect(builtinCost('deepseek/deepseek-r1-0528', 1000, 500)).toBeDefined();
    expect(builtinCost('DeepSeek-R1-Distill-Qwen-32B', 1000, 500)?.pattern).toBe(
      '(?i)deepseek-r1-distill-qwen-32b',
    );
  });

  it('prices nothing for an unknown model and 0 for 0 tokens (test_calculate_cost_unknown_model, test_zero_tokens)', () => {
    expect(builtinCost('unknown-model-xyz', 1000, 500)).toBeUndefined();
    expect(builtinCost('gpt-4o', 0, 0)).toEqual({ pattern: 'gpt-4o', input: 0, output: 0, total: 0 });
  });

  it('matches patterns anywhere in the name, dots literal (test_model_pricing_matches, test_dot_escape_*)', () => {
    expect(builtinCost('gpt-4-0613', 1, 1)?.pattern).toBe('gpt-4');
    expect(builtinCost('gpt-3.5-turbo-0125', 1, 1)?.pattern).toBe('gpt-3\\.5-turbo');
    expect(builtinCost('gpt-315-turbo', 1, 1)).toBeUndefined();
    expect(builtinCost('gpt-5.2-something', 1, 1)?.pattern).toBe('gpt-5\\.2');
    expect(builtinCost('gpt-512', 1, 1)?.pattern).toBe('gpt-5');
    expect(builtinCost('gemini-2.5-flash-001', 1, 1)?.pattern).toBe('gemini-2\\.5-flash');
    expect(builtinCost('gemini-225-flash', 1, 1)).toBeUndefined();
  });

  it('knows the newer OpenAI, Anthropic and Gemini names (test_new_openai_models, test_claude_hyphen_not_dot, test_new_gemini_models)', () => {
    for (const model of [
      'gpt-5.1',
      'gpt-5-pro',
      'gpt-5-nano',
      'o1',
      'o1-pro',
      'o3-pro',
      'o3-mini',
      'claude-3-5-haiku',
      'claude-haiku-3-5',
      'claude-haiku-4-5',
      'claude-opus-4-6',
      'gemini-3.1-pro-preview',
      'gemini-3.1-flash-lite-preview',
      'gemini-3-flash-preview',
      'gemini-embedding-001',
      'text-embedding-3-small',
    ]) {
      expect(builtinCost(model, 1000, 500), model).toBeDefined();
    }
  });

  it('keeps the table order of the source: 63 patterns, mini before its family', () => {
    const patterns = BUILTIN_PRICES.map((price) => price.pattern);
    expect(patterns).toHaveLength(63);
    expect(patterns.indexOf('gpt-4o-mini')).toBeLessThan(patterns.indexOf('gpt-4o'));
    expect(patterns.indexOf('gpt-4o')).toBeLessThan(patterns.indexOf('gpt-4'));
  });

  it('leaves what depends on an unknown (estimated) input count unknown', () => {
    const simple = builtinCost('gpt-4o', Number.NaN, 500);
    expect(simple?.input).toBeNaN();
    expect(simple?.output).toBe(0.005);
    expect(builtinCost('claude-sonnet-4-6', Number.NaN, 500)?.output).toBeNaN();
  });
});
