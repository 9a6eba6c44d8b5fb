/**
 * How the GenAI metrics are exported; `metrics: false` (or `OPENOBSERVE_METRICS=false`) turns them off.
 *
 * @example
 * ```ts
 * openobserveInit({ metrics: { exportIntervalMillis: 15_000 } });
 * ```
 */
export interface OpenObserveMetricsOptions {
  /**
   * How often the metrics are sent, in milliseconds. `OTEL_METRIC_EXPORT_INTERVAL`, default 60 000.
   * Each export carries the running totals since the process started (cumulative temporality).
   */
  exportIntervalMillis?: number;
}
