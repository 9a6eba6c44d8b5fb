/**
 * How many spans reached OpenObserve and how many were lost, since start.
 *
 * @example
 * ```ts
 * const { exportedSpans, droppedSpans } = openobserveInit().stats();
 * ```
 */
export interface OpenObserveExportStats {
  /** Spans OpenObserve accepted. */
  exportedSpans: number;
  /** Spans lost: refused or failed exports, and spans dropped because the queue was full. */
  droppedSpans: number;
  /** Spans waiting in memory for the next export. */
  queuedSpans: number;
  /** Export requests that failed. */
  failedExports: number;
}

export function createExportCounters(): OpenObserveExportStats {
  return { exportedSpans: 0, droppedSpans: 0, queuedSpans: 0, failedExports: 0 };
}
