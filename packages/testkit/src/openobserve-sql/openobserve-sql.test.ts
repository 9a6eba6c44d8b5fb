import { describe, expect, it } from 'vitest';
import { sqlReads } from './columns-read-by.js';
import { runOpenObserveSql } from './run-openobserve-sql.js';

const HOUR_US = 3_600_000_000;
const base = Date.UTC(2026, 0, 1, 10) * 1000;
const rows = [
  { _timestamp: base, duration: 1000, span_status: 'OK', gen_ai_usage_cost: 0.5, model: 'a' },
  { _timestamp: base + 60_000_000, duration: 3000, span_status: 'ERROR', gen_ai_usage_cost: 1, model: 'a' },
  { _timestamp: base + HOUR_US, duration: 2000, span_status: 'OK', gen_ai_usage_cost: 2, model: 'b' },
];

describe('sqlReads', () => {
  it('lists stream columns and leaves SELECT aliases out', () => {
    expect(
      sqlReads(
        "SELECT histogram(_timestamp, '1 hour') AS x_axis_1, model AS series, COUNT(*) FILTER (WHERE span_status = 'ERROR') AS y FROM \"default\" GROUP BY x_axis_1, series HAVING SUM(gen_ai_usage_cost) > 1 ORDER BY x_axis_1",
      ),
    ).toEqual({
      streams: ['default'],
      columns: ['_timestamp', 'gen_ai_usage_cost', 'model', 'span_status'],
      aliases: ['x_axis_1', 'series', 'y'],
    });
  });

  it('reads through a subquery: its aliases are not stream columns', () => {
    expect(
      sqlReads('SELECT SUM(c) AS total FROM (SELECT COUNT(*) AS c, model FROM "s" GROUP BY model)'),
    ).toEqual({
      streams: ['s'],
      columns: ['model'],
      aliases: ['total'],
    });
    expect(sqlReads('SELECT model AS model, user_id AS user FROM "s"').aliases).toEqual(['user']);
  });

  it('refuses what is not one SELECT', () => {
    expect(() => sqlReads('DELETE FROM "s"')).toThrow(/expected a SELECT/);
  });
});

describe('runOpenObserveSql', () => {
  it("runs OpenObserve's histogram and approx_percentile_cont", async () => {
    const result = await runOpenObserveSql(
      'SELECT histogram(_timestamp, \'1 hour\') AS x_axis_1, COUNT(*) AS calls, approx_percentile_cont(duration, 0.5) AS p50, SUM(gen_ai_usage_cost) AS cost FROM "default" GROUP BY x_axis_1 ORDER BY x_axis_1',
      { default: rows },
    );
    expect(result).toEqual([
      { x_axis_1: '2026-01-01T10:00:00.000Z', calls: 2, p50: 2000, cost: 1.5 },
      { x_axis_1: '2026-01-01T11:00:00.000Z', calls: 1, p50: 2000, cost: 2 },
    ]);
  });

  it('truncates integer division like DataFusion', async () => {
    const [row] = await runOpenObserveSql(
      'SELECT COUNT(*) / 2 AS half, COUNT(*) / 2.0 AS exact FROM "default"',
      {
        default: rows,
      },
    );
    expect(row).toEqual({ half: 1, exact: 1.5 });
  });

  it('applies the time range and HAVING', async () => {
    const sql = 'SELECT SUM(gen_ai_usage_cost) AS cost FROM "default" HAVING SUM(gen_ai_usage_cost) > 1';
    expect(await runOpenObserveSql(sql, { default: rows })).toEqual([{ cost: 3.5 }]);
    expect(await runOpenObserveSql(sql, { default: rows }, { endUs: base })).toEqual([]);
  });

  it('fails on a column no row has, as DataFusion fails on a column the schema lacks', async () => {
    await expect(
      runOpenObserveSql('SELECT COUNT(nope) AS n FROM "default"', { default: rows }),
    ).rejects.toThrow(/nope/);
  });

  it('fails on a stream that holds no rows', async () => {
    await expect(runOpenObserveSql('SELECT COUNT(*) AS n FROM "other"', { default: rows })).rejects.toThrow(
      /stream "other" not found/,
    );
  });
});
