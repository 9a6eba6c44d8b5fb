import { type Context, TraceFlags } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import {
  BatchSpanProcessor,
  type ReadableSpan,
  type Span,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { CountingExporter } from './counting-exporter.js';
import { createExportCounters, type OpenObserveExportStats } from './export-stats.js';
import type { OpenObserveOptions } from './openobserve-options.js';
import { type ResolvedOpenObserveConfig, resolveOpenObserveConfig } from './resolve-openobserve-config.js';
import { createWarnOnce } from './warn-once.js';

/**
 * A span processor that batches spans to OpenObserve and counts what it exported and dropped.
 *
 * @example
 * ```ts
 * const processor: OpenObserveSpanProcessor = openobserveSpanProcessor();
 * setInterval(() => console.log(processor.stats()), 60_000);
 * ```
 */
export interface OpenObserveSpanProcessor extends SpanProcessor {
  /** Counts since start. */
  stats(): OpenObserveExportStats;
  /** The settings in use (the `Authorization` header is not included). */
  readonly endpoint: string | undefined;
}

/**
 * The OpenObserve export as a span processor, for apps that already own a tracer provider
 * (`@vercel/otel`, `NodeSDK`, your own `NodeTracerProvider`). Same settings as `openobserveInit`;
 * `serviceName` and `resourceAttributes` belong to that provider's resource and are ignored here.
 *
 * @example
 * ```ts
 * import { registerOTel } from '@vercel/otel';
 * import { openobserveSpanProcessor } from '@portobserve/core';
 *
 * registerOTel({ serviceName: 'my-app', spanProcessors: [openobserveSpanProcessor()] });
 * ```
 */
export function openobserveSpanProcessor(options: OpenObserveOptions = {}): OpenObserveSpanProcessor {
  return createSpanProcessor(resolveOpenObserveConfig(options));
}

/** Builds the processor from settings already resolved (shared with `openobserveInit`). */
export function createSpanProcessor(config: ResolvedOpenObserveConfig): OpenObserveSpanProcessor {
  if (!config.enabled) return new DisabledSpanProcessor();
  return new BoundedOpenObserveProcessor(config);
}

class BoundedOpenObserveProcessor implements OpenObserveSpanProcessor {
  readonly endpoint: string;
  private readonly counters = createExportCounters();
  private readonly warnOnce = createWarnOnce();
  private readonly batch: BatchSpanProcessor;
  private readonly maxQueueSize: number;
  private isShutdown = false;

  constructor(config: ResolvedOpenObserveConfig) {
    this.endpoint = config.tracesEndpoint;
    this.maxQueueSize = config.batch.maxQueueSize;
    const otlp = new OTLPTraceExporter({
      url: config.tracesEndpoint,
      headers: config.headers,
      timeoutMillis: config.timeoutMs,
    });
    const exporter = new CountingExporter(otlp, this.counters, this.warnOnce, config.tracesEndpoint);
    this.batch = new BatchSpanProcessor(exporter, {
      maxQueueSize: config.batch.maxQueueSize,
      maxExportBatchSize: config.batch.maxExportBatchSize,
      scheduledDelayMillis: config.batch.scheduledDelayMillis,
      exportTimeoutMillis: config.timeoutMs + 1000,
    });
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    if (this.isShutdown || (span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (this.counters.queuedSpans >= this.maxQueueSize) {
      this.counters.droppedSpans += 1;
      this.warnOnce(
        'queue-full',
        `the export queue is full (${this.maxQueueSize} spans, batch.maxQueueSize): OpenObserve is not keeping up, new spans are dropped until it does.`,
      );
      return;
    }
    this.counters.queuedSpans += 1;
    this.batch.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.batch.forceFlush().catch(() => undefined);
  }

  shutdown(): Promise<void> {
    this.isShutdown = true;
    return this.batch.shutdown().catch(() => undefined);
  }

  stats(): OpenObserveExportStats {
    return { ...this.counters };
  }
}

class DisabledSpanProcessor implements OpenObserveSpanProcessor {
  readonly endpoint = undefined;
  onStart(): void {}
  onEnd(): void {}
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
  stats(): OpenObserveExportStats {
    return createExportCounters();
  }
}
