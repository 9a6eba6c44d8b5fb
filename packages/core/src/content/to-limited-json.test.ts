import { describe, expect, it } from 'vitest';
import { carefulLimitedJson, toLimitedJson } from './to-limited-json.js';

const image = `data:image/png;base64,${'A'.repeat(400)}`;

function nested(depth: number): unknown {
  let value: unknown = { leaf: true };
  for (let level = 0; level < depth; level++) value = { level, child: value };
  return value;
}

const cycle: Record<string, unknown> = { name: 'cycle' };
cycle.self = cycle;
const throwing = {
  ok: 1,
  get broken(): never {
    throw new Error('getter');
  },
};

/** Plain data, and every kind of value the careful writer treats on its own. */
const VALUES: ReadonlyArray<[string, unknown]> = [
  ['a chat body', { model: 'gpt-4o-mini', temperature: 0.2, messages: [{ role: 'user', content: 'Hi' }] }],
  ['text with escapes', { text: 'line\n"quoted"\t\\ \u0000 \ud83d\ude00 lone \ud800' }],
  ['a long string', { text: 'y '.repeat(600) }],
  ['a data URL image', [{ type: 'image_url', image_url: { url: image } }]],
  ['bare base64', { audio: 'QUJD'.repeat(100) }],
  ['a bigint', { n: 12n, items: [1n] }],
  ['undefined, functions, symbols', { a: undefined, f: () => 1, s: Symbol('s'), list: [undefined, () => 1] }],
  ['non-finite numbers', [Number.NaN, Number.POSITIVE_INFINITY, -0, 1e21, 0.1]],
  ['a Date and toJSON', { at: new Date(0), custom: { toJSON: () => ({ replaced: true }) } }],
  ['a long key', { [`k${'e'.repeat(300)}`]: 1 }],
  ['nesting at the fast limit', nested(15)],
  ['nesting past the careful limit', nested(40)],
  ['a cycle', cycle],
  ['a throwing getter', throwing],
  ['boxed primitives', { s: new String('x'), n: new Number(1), b: new Boolean(false) }],
  ['a sparse array', Object.assign(new Array(3), { 0: 1, 2: 3 })],
  ['many small items', Array.from({ length: 300 }, (_, index) => ({ index }))],
  ['a top-level string', 'just text'],
  ['undefined at the top', undefined],
  ['null', null],
];

describe('toLimitedJson fast path', () => {
  it('gives exactly what the careful writer gives, for every kind of value and limit', () => {
    for (const [name, value] of VALUES) {
      for (const limit of [10, 40, 64, 100, 200, 500, 1000, 4096, 16_000]) {
        expect(toLimitedJson(value, limit), `${name} at ${limit}`).toBe(carefulLimitedJson(value, limit));
      }
    }
  });

  it('agrees with the careful writer just below and at the limit', () => {
    for (const limit of [100, 200, 1000]) {
      for (let length = limit - 50; length <= limit; length++) {
        for (const value of [{ text: 'y'.repeat(length) }, ['z'.repeat(length)], 'w'.repeat(length)]) {
          expect(toLimitedJson(value, limit), `${length} at ${limit}`).toBe(carefulLimitedJson(value, limit));
        }
      }
    }
  });

  it('stays within the limit and valid JSON', () => {
    for (const [name, value] of VALUES) {
      for (const limit of [40, 200, 16_000]) {
        const json = toLimitedJson(value, limit);
        expect(json.length, name).toBeLessThanOrEqual(limit);
        expect(() => JSON.parse(json), name).not.toThrow();
      }
    }
  });

  it('leaves a huge array to the careful writer, which stops at the limit', () => {
    const huge = new Array(5_000_000).fill('x');
    const json = toLimitedJson(huge, 200);
    expect(json.length).toBeLessThanOrEqual(200);
    expect(json).toBe(carefulLimitedJson(huge, 200));
  });
});
