// get_val (src/core/src/ingestion/grpc.rs) and flatten (src/config/src/utils/flatten.rs) of
// OpenObserve HEAD fbab9b80: how a decoded attribute becomes a stored column.
import { describe, expect, it } from 'vitest';
import { flattenIntoRow } from './flatten-into-row.js';
import type { OpenObserveRow } from './otlp-json-to-rows.js';
import { formatRustFloat, toServerValue } from './server-value.js';

describe('formatRustFloat (f64::to_string)', () => {
  it.each<[number, string]>([
    [0.2, '0.2'],
    [12, '12'],
    [1.38e-5, '0.0000138'],
    [1.38e-7, '0.000000138'],
    [1e21, '1000000000000000000000'],
    [-2.5, '-2.5'],
    [123456.789, '123456.789'],
    [0, '0'],
    [-0, '-0'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'inf'],
    [Number.NEGATIVE_INFINITY, '-inf'],
  ])('writes %s as %s', (value, text) => {
    expect(formatRustFloat(value)).toBe(text);
  });
});

describe('toServerValue (get_val)', () => {
  it('turns every scalar into text, inside arrays too', () => {
    expect(toServerValue(true)).toBe('true');
    expect(toServerValue(9007199254740993n)).toBe('9007199254740993');
    expect(toServerValue(0.7)).toBe('0.7');
    expect(toServerValue(1.38e-7)).toBe('0.000000138'); // Rust writes no exponent
    expect(toServerValue(['a', 2n, 1.5, false])).toEqual(['a', '2', '1.5', 'false']);
  });
});

describe('flattenIntoRow (flatten)', () => {
  it('formats the key, writes arrays as JSON text and spreads objects', () => {
    const row: OpenObserveRow = {};
    flattenIntoRow(row, 'gen_ai.response.finish_reasons', ['stop']);
    flattenIntoRow(row, 'gen_ai.input.messages', { name: 'greeting', 'Deep.Key': { x: '1' } });
    flattenIntoRow(row, 'gen_ai.usage.input_tokens', 12);
    expect(row).toEqual({
      gen_ai_response_finish_reasons: '["stop"]',
      gen_ai_input_messages_name: 'greeting',
      gen_ai_input_messages_deep_key_x: '1',
      gen_ai_usage_input_tokens: 12,
    });
  });

  it('stores nothing for null, [] and {}', () => {
    const row: OpenObserveRow = {};
    flattenIntoRow(row, 'a', null);
    flattenIntoRow(row, 'b', []);
    flattenIntoRow(row, 'c', {});
    expect(row).toEqual({});
  });
});
