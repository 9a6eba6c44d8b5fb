// Facts from OpenObserve's tests in src/core/src/traces/otel/extractors/usage.rs, HEAD fbab9b80.
import { describe, expect, it } from 'vitest';
import { attributes } from './test-attributes.js';
import { extractClientCost, extractUsageCounts } from './usage-counts.js';

function usage(entries: Record<string, string>, scopeName?: string) {
  return Object.fromEntries(extractUsageCounts(attributes(entries), scopeName).usage);
}

describe('extractUsageCounts (UsageExtractor::extract_usage_details)', () => {
  it.each<[string, Record<string, string>, Record<string, number>]>([
    ['gen_ai.usage.input_tokens', { 'gen_ai.usage.input_tokens': '100' }, { input: 100 }],
    ['gen_ai.usage.output_tokens', { 'gen_ai.usage.output_tokens': '50' }, { output: 50 }],
    ['gen_ai.usage.total_tokens', { 'gen_ai.usage.total_tokens': '150' }, { total: 150 }],
    ['llm.usage.total_tokens', { 'llm.usage.total_tokens': '200' }, { total: 200 }],
    [
      'llm.token_count.prompt / completion',
      { 'llm.token_count.prompt': '30', 'llm.token_count.completion': '20' },
      { input: 30, output: 20 },
    ],
    [
      'prompt / completion token aliases',
      { 'gen_ai.usage.prompt_tokens': '80', 'gen_ai.usage.completion_tokens': '120' },
      { input: 80, output: 120 },
    ],
    [
      'gen_ai.usage.cache_read_tokens',
      { 'gen_ai.usage.cache_read_tokens': '25' },
      { cache_read_input_tokens: 25 },
    ],
    [
      'gen_ai.usage.cache_write_tokens',
      { 'gen_ai.usage.cache_write_tokens': '10' },
      { cache_creation_input_tokens: 10 },
    ],
    [
      'DeepSeek cache hit / miss tokens',
      { 'gen_ai.usage.prompt_cache_hit_tokens': '70', 'gen_ai.usage.prompt_cache_miss_tokens': '30' },
      { input: 30, cache_read_input_tokens: 70 },
    ],
    ['nothing', {}, {}],
  ])('reads %s', (_label, entries, expected) => {
    expect(usage(entries)).toEqual(expected);
  });

  it('ignores zero and negative counts (test_extract_usage_zero_value_not_inserted)', () => {
    expect(usage({ 'gen_ai.usage.input_tokens': '0', 'gen_ai.usage.output_tokens': '-1' })).toEqual({});
  });

  it('ignores counts that are not integers', () => {
    expect(usage({ 'gen_ai.usage.input_tokens': '12.0', 'gen_ai.usage.output_tokens': 'many' })).toEqual({});
  });

  it('lets llm.token_count.* override gen_ai.usage.* and never reads llm.token_count.total', () => {
    expect(
      usage({
        'gen_ai.usage.input_tokens': '9',
        'gen_ai.usage.output_tokens': '8',
        'llm.token_count.prompt': '12',
        'llm.token_count.completion': '20',
        'llm.token_count.total': '99',
      }),
    ).toEqual({ input: 12, output: 20 });
  });

  it('knows whether input includes the cache (test_extract_usage_official_cache_input_tokens, _deepseek_)', () => {
    const official = extractUsageCounts(
      attributes({
        'gen_ai.usage.input_tokens': '100',
        'gen_ai.usage.cache_read.input_tokens': '70',
        'gen_ai.usage.cache_creation.input_tokens': '10',
      }),
      undefined,
    );
    expect(Object.fromEntries(official.usage)).toEqual({
      input: 100,
      cache_read_input_tokens: 70,
      cache_creation_input_tokens: 10,
    });
    expect(official.inputIncludesCache).toBe(true);
    const deepseek = extractUsageCounts(
      attributes({
        'gen_ai.usage.prompt_cache_hit_tokens': '70',
        'gen_ai.usage.prompt_cache_miss_tokens': '30',
      }),
      undefined,
    );
    expect(deepseek.inputIncludesCache).toBe(false);
  });

  it('reads the Vercel AI SDK counts in the ai scope (test_extract_usage_vercel_ai_scope_*)', () => {
    expect(usage({ 'ai.usage.tokens': '300' }, 'ai')).toEqual({ total: 300 });
    expect(usage({ 'ai.usage.tokens': '300' })).toEqual({});
    expect(usage({ 'gen_ai.usage.input_tokens': '40', 'gen_ai.usage.output_tokens': '60' }, 'ai')).toEqual({
      input: 40,
      output: 60,
    });
    expect(usage({ 'gen_ai.usage.prompt_tokens': '60' }, 'ai')).toEqual({ input: 60 });
  });

  it('reads langfuse usage_details, renamed and nested (test_extract_usage_langfuse_*)', () => {
    expect(
      usage({
        'langfuse.observation.usage_details': '{"prompt_tokens":10,"completion_tokens":20,"total_tokens":30}',
      }),
    ).toEqual({ input: 10, output: 20, total: 30 });
    expect(usage({ 'langfuse.observation.usage_details': '{"tokens":{"input":100,"output":50}}' })).toEqual({
      tokens_input: 100,
      tokens_output: 50,
    });
  });
});

describe('extractClientCost (UsageExtractor::extract_cost)', () => {
  it('reads gen_ai.usage.cost above zero only (test_extract_cost_gen_ai_usage_cost, _zero_not_inserted)', () => {
    expect(Object.fromEntries(extractClientCost(attributes({ 'gen_ai.usage.cost': '0.05' })))).toEqual({
      total: 0.05,
    });
    expect(extractClientCost(attributes({ 'gen_ai.usage.cost': '0' })).size).toBe(0);
    expect(extractClientCost(attributes({})).size).toBe(0);
  });

  it('does not read llm.cost.*', () => {
    expect(extractClientCost(attributes({ 'llm.cost.total': '0.05', 'llm.cost.prompt': '0.01' })).size).toBe(
      0,
    );
  });

  it('reads langfuse cost_details, flat and nested (test_extract_cost_langfuse_*)', () => {
    expect(
      Object.fromEntries(
        extractClientCost(
          attributes({ 'langfuse.observation.cost_details': '{"input":0.01,"output":0.02}' }),
        ),
      ),
    ).toEqual({ input: 0.01, output: 0.02 });
    expect(
      Object.fromEntries(
        extractClientCost(
          attributes({ 'langfuse.observation.cost_details': '{"tokens":{"input":0.01,"output":0.005}}' }),
        ),
      ),
    ).toEqual({ tokens_input: 0.01, tokens_output: 0.005 });
  });
});
