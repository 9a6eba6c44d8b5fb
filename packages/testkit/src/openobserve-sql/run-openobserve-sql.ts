import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { OpenObserveRow } from '../openobserve-double/otlp-json-to-rows.js';
import { OPENOBSERVE_FUNCTION_MACROS } from './openobserve-functions.js';
import { parseOpenObserveSql, sqlifyForPostgres } from './parse-openobserve-sql.js';
import { functionName, renameFunction, walkSqlAst } from './sql-ast-walk.js';
import { inferStreamSchema, quoteIdentifier, type StreamColumnType } from './stream-table.js';

/** Options of {@link runOpenObserveSql}. */
export interface RunOpenObserveSqlOptions {
  /** Only rows with `_timestamp` ≥ this (µs), as OpenObserve applies the query's time range. */
  startUs?: number;
  /** Only rows with `_timestamp` ≤ this (µs). */
  endUs?: number;
  /** Columns a stream's schema has beyond those its rows show (added with `update_fields`): NULL in every row. */
  extraColumns?: Readonly<Record<string, Readonly<Record<string, StreamColumnType>>>>;
  /** Bucket of `histogram(_timestamp)` without an interval (OpenObserve derives it from the range). Default `1 minute`. */
  defaultHistogramInterval?: string;
}

/** One result row: DuckDB BIGINTs come back as numbers, timestamps as ISO strings. */
export type SqlResultRow = Record<string, string | number | boolean | null>;

/**
 * Runs an OpenObserve SQL query over stored rows in an embedded DuckDB, so a dashboard panel or an
 * alert can be checked against real data. The query is parsed with OpenObserve's own parser, its
 * OpenObserve functions are renamed to DuckDB macros of the same meaning, and each stream it reads
 * becomes a table whose columns are exactly those its rows have: naming a column no row has fails,
 * as DataFusion fails on a column the stream schema lacks. Integer division truncates, as in
 * DataFusion.
 *
 * @example
 * ```ts
 * const [row] = await runOpenObserveSql('SELECT COUNT(*) AS calls FROM "default"', { default: rows });
 * row?.calls; // rows.length
 * ```
 */
export async function runOpenObserveSql(
  sql: string,
  streams: Readonly<Record<string, readonly OpenObserveRow[]>>,
  options: RunOpenObserveSqlOptions = {},
): Promise<SqlResultRow[]> {
  const select = parseOpenObserveSql(sql);
  const used = new Set<string>();
  walkSqlAst(select, (node) => {
    const name = node.type === 'function' ? functionName(node) : undefined;
    if (name !== undefined && name in OPENOBSERVE_FUNCTION_MACROS) {
      renameFunction(node, `oo_${name}`);
      used.add(name);
    }
    return undefined;
  });
  const tables = new Set<string>();
  walkSqlAst(select, (node) => {
    if (typeof node.table === 'string' && 'db' in node) tables.add(node.table);
    return undefined;
  });

  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run('SET integer_division = true');
    for (const name of used) {
      await connection.run(
        OPENOBSERVE_FUNCTION_MACROS[name]?.(options.defaultHistogramInterval ?? '1 minute') ?? '',
      );
    }
    for (const table of tables) {
      const rows = streams[table];
      if (rows === undefined)
        throw new Error(`stream "${table}" not found (streams: ${Object.keys(streams).join(', ')})`);
      await createStreamTable(
        connection,
        table,
        inTimeRange(rows, options),
        options.extraColumns?.[table] ?? {},
      );
    }
    const reader = await connection.runAndReadAll(sqlifyForPostgres(select));
    return reader.getRowObjectsJS().map((row) => {
      const out: SqlResultRow = {};
      for (const [key, value] of Object.entries(row)) {
        out[key] =
          typeof value === 'bigint'
            ? Number(value)
            : value instanceof Date
              ? value.toISOString()
              : value === null || typeof value !== 'object'
                ? value
                : JSON.stringify(value, (_key, item: unknown) =>
                    typeof item === 'bigint' ? Number(item) : item,
                  );
      }
      return out;
    });
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function inTimeRange(rows: readonly OpenObserveRow[], options: RunOpenObserveSqlOptions): OpenObserveRow[] {
  const start = options.startUs ?? Number.NEGATIVE_INFINITY;
  const end = options.endUs ?? Number.POSITIVE_INFINITY;
  return rows.filter((row) => {
    const timestamp = Number(row._timestamp);
    return timestamp >= start && timestamp <= end;
  });
}

async function createStreamTable(
  connection: DuckDBConnection,
  table: string,
  rows: readonly OpenObserveRow[],
  extraColumns: Readonly<Record<string, StreamColumnType>>,
): Promise<void> {
  const schema = inferStreamSchema(rows);
  for (const [name, type] of Object.entries(extraColumns)) if (!schema.has(name)) schema.set(name, type);
  // A stream always has its timestamp column, even in a window with no rows.
  if (!schema.has('_timestamp')) schema.set('_timestamp', 'BIGINT');
  const columns = [...schema];
  const definition = columns.map(([name, type]) => `${quoteIdentifier(name)} ${type}`).join(', ');
  await connection.run(`CREATE TABLE ${quoteIdentifier(table)} (${definition})`);
  const appender = await connection.createAppender(table);
  for (const row of rows) {
    for (const [name, type] of columns) {
      const value = row[name];
      if (value === undefined) appender.appendNull();
      else if (type === 'BIGINT') appender.appendBigInt(BigInt(value));
      else if (type === 'DOUBLE') appender.appendDouble(Number(value));
      else appender.appendVarchar(String(value));
    }
    appender.endRow();
  }
  appender.closeSync();
}
