import type { OpenObserveLocation } from './openobserve-location.js';

/**
 * The row as OpenObserve stores it, one column a line, values as stored (numbers as numbers, the
 * rest as text); a column the row lacks says so.
 *
 * @example
 * ```ts
 * formatRow({ span_status: 'OK' }, ['span_status']); // ['span_status  OK']
 * ```
 */
export function formatRow(row: Record<string, unknown>, columns: readonly string[]): string[] {
  const width = Math.max(...columns.map((column) => column.length));
  return columns.map(
    (column) => `${column.padEnd(width)}  ${column in row ? String(row[column]) : '(not in the row)'}`,
  );
}

/**
 * Where to find the call in OpenObserve: its stream and trace, the trace page, and a query.
 *
 * @example
 * ```ts
 * formatLocation(location, 'ab12…'); // ['find it in OpenObserve: stream "default", trace ab12…', ...]
 * ```
 */
export function formatLocation(location: OpenObserveLocation, traceId: string, uiLabel: string): string[] {
  return [
    `find it in OpenObserve: stream "${location.stream}" (Traces), trace ${traceId}`,
    `${uiLabel.padEnd(8)}${location.ui}`,
    `${'SQL'.padEnd(8)}${location.sql}`,
  ];
}
