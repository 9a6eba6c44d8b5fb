/**
 * What became of every span since start. At every moment
 * `producedSpans === exportedSpans + droppedSpans + queuedSpans`: no span is lost without being counted.
 *
 * @example
 * ```ts
 * const { producedSpans, exportedSpans, droppedSpans, queuedSpans } = openobserveInit().stats();
 * console.log(`${exportedSpans}/${producedSpans} sent, ${droppedSpans} lost, ${queuedSpans} waiting`);
 * ```
 */
export interface OpenObserveExportStats {
  /** Sampled spans that ended while export was running: every one is exported, dropped or queued. */
  producedSpans: number;
  /** Spans the backend accepted. */
  exportedSpans: number;
  /**
   * Spans lost, each counted once: refused by the backend (a non-retryable answer such as 401 or 413,
   * or rejected in a partial success), pushed out of a full queue, ended after `shutdown()`, or still
   * unsent when `shutdown()` gave up.
   */
  droppedSpans: number;
  /** Of `droppedSpans`, those the backend rejected in a partial success (HTTP 206). */
  rejectedSpans: number;
  /** Spans waiting in memory: queued, being sent, or waiting for a retry. */
  queuedSpans: number;
  /** Export requests that failed (each retry that fails counts again). */
  failedExports: number;
}

/** All counters at zero. */
export function createExportCounters(): OpenObserveExportStats {
  return {
    producedSpans: 0,
    exportedSpans: 0,
    droppedSpans: 0,
    rejectedSpans: 0,
    queuedSpans: 0,
    failedExports: 0,
  };
}
