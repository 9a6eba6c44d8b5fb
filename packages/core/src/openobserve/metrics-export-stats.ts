/**
 * What became of the metric exports since start. A failed export is not retried: the next one
 * carries the running totals again (cumulative temporality), so an outage loses nothing while the
 * process runs.
 *
 * @example
 * ```ts
 * const { exports, failedExports, rejectedDataPoints } = openobserveInit().metrics.stats();
 * console.log(`${exports} metric exports sent, ${failedExports} failed, ${rejectedDataPoints} points refused`);
 * ```
 */
export interface OpenObserveMetricsStats {
  /** Export requests the backend accepted (a partial success counts). */
  exports: number;
  /** Data points the backend accepted, summed over every export (each export repeats every series). */
  exportedDataPoints: number;
  /** Data points the backend refused in a partial success (HTTP 206). */
  rejectedDataPoints: number;
  /** Export requests that failed: an error status, a timeout or no connection. */
  failedExports: number;
}

/** All counters at zero. */
export function createMetricsCounters(): OpenObserveMetricsStats {
  return { exports: 0, exportedDataPoints: 0, rejectedDataPoints: 0, failedExports: 0 };
}
