/**
 * The functions OpenObserve adds to DataFusion that its dashboards and alerts use, as DuckDB macros
 * of the same meaning. A query's calls are renamed to the `oo_` macro before it runs in DuckDB.
 *
 * - `histogram(_timestamp[, interval])` buckets µs timestamps (OpenObserve picks the interval from
 *   the time range when none is given; the runner's `defaultHistogramInterval` stands in for that).
 * - `approx_percentile_cont(x, p)` is DataFusion's t-digest percentile; DuckDB's exact
 *   `quantile_cont` gives the same value for the few rows a test has.
 */
export const OPENOBSERVE_FUNCTION_MACROS: Readonly<Record<string, (defaultInterval: string) => string>> = {
  histogram: (defaultInterval) =>
    `CREATE MACRO oo_histogram(ts, i := '${defaultInterval.replace(/'/g, "''")}') AS time_bucket(CAST(i AS INTERVAL), make_timestamp(ts))`,
  approx_percentile_cont: () => 'CREATE MACRO oo_approx_percentile_cont(x, p) AS quantile_cont(x, p)',
};
