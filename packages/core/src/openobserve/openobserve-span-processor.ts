import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { OpenObserveConfigError } from '../errors.js';
import { ExportQueueProcessor } from './export-queue-processor.js';
import { createExportCounters, type OpenObserveExportStats } from './export-stats.js';
import type { OpenObserveOptions } from './openobserve-options.js';
import { type ResolvedOpenObserveConfig, resolveOpenObserveConfig } from './resolve-openobserve-config.js';
import { setUpOrFallBack } from './setup-failure.js';

/**
 * A span processor that sends spans to OpenObserve and counts what became of each.
 *
 * @example
 * ```ts
 * const processor: OpenObserveSpanProcessor = openobserveSpanProcessor();
 * setInterval(() => console.log(processor.stats()), 60_000);
 * ```
 */
export interface OpenObserveSpanProcessor extends SpanProcessor {
  /** Counts since start; `producedSpans === exportedSpans + droppedSpans + queuedSpans`. */
  stats(): OpenObserveExportStats;
  /** The traces URL spans are sent to (a password in it hidden), or undefined when export is off. */
  readonly endpoint: string | undefined;
  /** The bad setting that turned export off (when not strict), else undefined. */
  readonly configError?: OpenObserveConfigError | Error | undefined;
}

/**
 * The OpenObserve export as a span processor, for apps that already own a tracer provider
 * (`@vercel/otel`, `NodeSDK`, your own `NodeTracerProvider`). Same settings as `openobserveInit`;
 * `serviceName` and `resourceAttributes` belong to that provider's resource and are ignored here.
 * A bad setting logs one error and gives a processor that exports nothing, unless `strict`.
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
  return setUpOrFallBack(
    options,
    () => createSpanProcessor(resolveOpenObserveConfig(options)),
    (error) => new DisabledSpanProcessor(error),
  );
}

/** Builds the processor from settings already resolved (shared with `openobserveInit`). */
export function createSpanProcessor(config: ResolvedOpenObserveConfig): OpenObserveSpanProcessor {
  if (!config.enabled) return new DisabledSpanProcessor(undefined);
  return new ExportQueueProcessor(config);
}

/** Export off (`enabled: false`, or a bad setting): takes spans and does nothing with them. */
export class DisabledSpanProcessor implements OpenObserveSpanProcessor {
  readonly endpoint = undefined;
  constructor(readonly configError: OpenObserveConfigError | Error | undefined) {}
  onStart(_span: Span, _parentContext: Context): void {}
  onEnd(_span: ReadableSpan): void {}
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
