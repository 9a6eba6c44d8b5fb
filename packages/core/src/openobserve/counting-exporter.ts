import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { describeExportFailure } from './describe-export-failure.js';
import type { OpenObserveExportStats } from './export-stats.js';
import type { WarnOnce } from './warn-once.js';

/**
 * Wraps the OTLP exporter: counts exported and dropped spans, and turns failures into one warning per
 * kind. It never throws into the caller: a throwing exporter becomes a failed result.
 */
export class CountingExporter implements SpanExporter {
  constructor(
    private readonly inner: SpanExporter,
    private readonly counters: OpenObserveExportStats,
    private readonly warnOnce: WarnOnce,
    private readonly endpoint: string,
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.counters.queuedSpans = Math.max(0, this.counters.queuedSpans - spans.length);
    let settled = false;
    const settle = (result: ExportResult): void => {
      if (settled) return;
      settled = true;
      if (result.code === ExportResultCode.SUCCESS) {
        this.counters.exportedSpans += spans.length;
      } else {
        this.counters.droppedSpans += spans.length;
        this.counters.failedExports += 1;
        const failure = describeExportFailure(result.error, this.endpoint);
        this.warnOnce(
          failure.kind,
          `${failure.message} Further failures of this kind are not logged; see stats().droppedSpans.`,
        );
      }
      resultCallback(result);
    };
    try {
      this.inner.export(spans, settle);
    } catch (error) {
      settle({
        code: ExportResultCode.FAILED,
        error: error instanceof Error ? error : new Error(String(error)),
      });
    }
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}
