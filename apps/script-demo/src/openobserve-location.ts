/** Where a call's row is in OpenObserve: the stream, the trace page and a query for it. */
export interface OpenObserveLocation {
  stream: string;
  /** The trace's page in the UI: a full URL with a `.env`, the path alone on the stand-in (no UI). */
  ui: string;
  /** A query for the call's row: Dashboards > panel > Custom SQL (stream type traces), or the search API. */
  sql: string;
}

const QUARTER_HOUR_US = 15 * 60 * 1_000_000;

/**
 * The trace page (`/web/traces/trace-details`, whose `from` and `to` are µs around the call) and a
 * SQL query selecting `columns` of the call's row.
 *
 * @example
 * ```ts
 * openobserveLocation({ env: {}, traceId: 'ab…', startUs: Date.now() * 1000, columns: ['span_status'] });
 * ```
 */
export function openobserveLocation(input: {
  env: NodeJS.ProcessEnv;
  traceId: string;
  startUs: number;
  columns: readonly string[];
  /** Absolute UI URLs need the OpenObserve URL; the stand-in has no UI, so its paths stay relative. */
  withBaseUrl: boolean;
}): OpenObserveLocation {
  const { env, traceId, startUs, columns, withBaseUrl } = input;
  const stream = env.OPENOBSERVE_TRACES_STREAM_NAME || 'default';
  const query = new URLSearchParams({
    stream,
    trace_id: traceId,
    from: String(startUs - QUARTER_HOUR_US),
    to: String(startUs + QUARTER_HOUR_US),
    org_identifier: env.OPENOBSERVE_ORG || 'default',
  });
  const base = withBaseUrl ? (env.OPENOBSERVE_URL || 'http://localhost:5080').replace(/\/+$/, '') : '';
  return {
    stream,
    ui: `${base}/web/traces/trace-details?${query}`,
    sql: `SELECT ${columns.join(', ')} FROM "${stream}" WHERE trace_id = '${traceId}'`,
  };
}
