import { describe, expect, it } from 'vitest';
import { containsDesired } from './contains-desired.js';
import { fillPlaceholders } from './fill-placeholders.js';

describe('containsDesired', () => {
  it('ignores what the server adds and treats null as absent', () => {
    const stored = {
      title: 'A',
      owner: 'root',
      tabs: [{ panels: [{ id: 'p', config: { show_legends: true, base_map: null } }] }],
    };
    expect(
      containsDesired(stored, {
        title: 'A',
        tabs: [{ panels: [{ id: 'p', config: { show_legends: true, unit: null } }] }],
      }),
    ).toBe(true);
  });

  it('sees a changed value, a missing key, an extra or missing array element', () => {
    expect(containsDesired({ a: 1 }, { a: 2 })).toBe(false);
    expect(containsDesired({}, { a: 'x' })).toBe(false);
    expect(containsDesired({ list: [1, 2] }, { list: [1] })).toBe(false);
    expect(containsDesired({ list: [1] }, { list: [1, 2] })).toBe(false);
    expect(containsDesired({ a: null }, { a: {} })).toBe(false);
    expect(containsDesired({ a: [] }, { a: {} })).toBe(false);
  });
});

describe('fillPlaceholders', () => {
  it('fills every string and leaves the input alone', () => {
    const input = {
      sql: 'FROM "__PORTOBSERVE_TRACES_STREAM__" WHERE x > __PORTOBSERVE_N__',
      list: ['__PORTOBSERVE_N__', 3],
    };
    expect(fillPlaceholders(input, { __PORTOBSERVE_TRACES_STREAM__: 'llm', __PORTOBSERVE_N__: '5' })).toEqual(
      {
        sql: 'FROM "llm" WHERE x > 5',
        list: ['5', 3],
      },
    );
    expect(input.sql).toContain('__PORTOBSERVE_TRACES_STREAM__');
  });

  it('refuses to leave a placeholder unfilled', () => {
    expect(() => fillPlaceholders({ a: '__PORTOBSERVE_MISSING__' }, {})).toThrow(/__PORTOBSERVE_MISSING__/);
  });
});
