import type { OpenObserveRow } from '../openobserve-double/otlp-json-to-rows.js';

/** A DuckDB column type the runner uses. */
export type StreamColumnType = 'BIGINT' | 'DOUBLE' | 'VARCHAR';

/** Column name to type, inferred from stored rows. */
export type StreamSchema = Map<string, StreamColumnType>;

// OpenObserve provisions cost columns as Float64 whatever the first value looks like (src/db/src/schema.rs).
const FLOAT_COLUMN = /^gen_ai_usage_cost/;

/**
 * The schema of a stream as its rows show it: a column exists once any row has it (other rows read
 * NULL), numbers stay numbers (BIGINT when every value is whole, DOUBLE otherwise), anything mixed
 * or textual is VARCHAR.
 *
 * @example
 * ```ts
 * inferStreamSchema([{ duration: 12, span_status: 'OK' }]); // Map { duration => BIGINT, span_status => VARCHAR }
 * ```
 */
export function inferStreamSchema(rows: readonly OpenObserveRow[]): StreamSchema {
  const schema: StreamSchema = new Map();
  for (const row of rows) {
    for (const [column, value] of Object.entries(row)) {
      const seen = schema.get(column);
      const type: StreamColumnType =
        typeof value === 'number'
          ? Number.isInteger(value) && !FLOAT_COLUMN.test(column)
            ? 'BIGINT'
            : 'DOUBLE'
          : 'VARCHAR';
      if (seen === undefined) schema.set(column, type);
      else if (seen !== type)
        schema.set(column, seen === 'VARCHAR' || type === 'VARCHAR' ? 'VARCHAR' : 'DOUBLE');
    }
  }
  return schema;
}

/**
 * Quotes an identifier for DuckDB.
 *
 * @example
 * ```ts
 * quoteIdentifier('default'); // '"default"'
 * ```
 */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
