import { describe, expect, it } from 'vitest';
import { formatOpenObserveKey } from './format-key.js';

describe('formatOpenObserveKey', () => {
  it('keeps a key made only of [a-z0-9_]', () => {
    expect(formatOpenObserveKey('gen_ai_usage_input_tokens')).toBe('gen_ai_usage_input_tokens');
    expect(formatOpenObserveKey('__a__1')).toBe('__a__1');
  });

  it('replaces other characters with _ and lowers ASCII upper case', () => {
    expect(formatOpenObserveKey('llm.token_count.prompt')).toBe('llm_token_count_prompt');
    expect(formatOpenObserveKey('HTTP.Method')).toBe('http_method');
    expect(formatOpenObserveKey('openinference.span.kind')).toBe('openinference_span_kind');
  });

  it('does not collapse runs of _ nor cut long keys', () => {
    expect(formatOpenObserveKey('a..b--c')).toBe('a__b__c');
    const long = `${'x.'.repeat(200)}end`;
    expect(formatOpenObserveKey(long)).toBe(`${'x_'.repeat(200)}end`);
  });

  it('replaces each non-ASCII character (code point) with one _', () => {
    expect(formatOpenObserveKey('ÄbC')).toBe('_bc');
    expect(formatOpenObserveKey('a😀b')).toBe('a_b');
  });
});
