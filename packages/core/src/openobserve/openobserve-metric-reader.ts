import { MetricReader, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import type { OpenObserveConfigError } from '../errors.js';
import { createMetricsCounters, type OpenObserveMetricsStats } from './metrics-export-stats.js';
import { type MetricExporterDependencies, OpenObserveMetricExporter } from './openobserve-metric-exporter.js';
import type { OpenObserveOptions } from './openobserve-options.js';
import { type ResolvedMetricsConfig, resolveMetricsConfig } from './resolve-metrics-config.js';
import { type ResolvedOpenObserveConfig, resolveOpenObserveConfig } from './resolve-openobserve-config.js';
import { setUpOrFallBack } from './setup-failure.js';

/**
 * A metric reader that sends the metrics of the `MeterProvider` it is given to OpenObserve, and counts
 * what became of each export.
 *
 * @example
 * ```ts
 * const reader: OpenObserveMetricReader = openobserveMetricReader();
 * setInterval(() => console.log(reader.stats()), 60_000);
 * ```
 */
export interface OpenObserveMetricReader extends MetricReader {
  /** Counts since start. */
  stats(): OpenObserveMetricsStats;
  /** The metrics URL (a password in it hidden), or undefined when metrics are off. */
  readonly endpoint: string | undefined;
  /** The bad setting that turned metrics off (when not strict), else undefined. */
  readonly configError: OpenObserveConfigError | Error | undefined;
}

/**
 * The OpenObserve metric export as a metric reader, for apps that own their `MeterProvider`
 * (`NodeSDK`, your own `MeterProvider` from `@opentelemetry/sdk-metrics`). Same settings as
 * `openobserveInit` (URL, org, token, `OPENOBSERVE_METRICS`, `metrics.exportIntervalMillis`). A bad
 * setting logs one error and gives a reader that exports nothing, unless `strict`. Register that
 * provider globally so the LLM calls are recorded on it.
 *
 * @example
 * ```ts
 * import { metrics } from '@opentelemetry/api';
 * import { MeterProvider } from '@opentelemetry/sdk-metrics';
 * import { openobserveMetricReader } from '@portobserve/core';
 *
 * metrics.setGlobalMeterProvider(new MeterProvider({ readers: [openobserveMetricReader()] }));
 * ```
 */
export function openobserveMetricReader(options: OpenObserveOptions = {}): OpenObserveMetricReader {
  return setUpOrFallBack(
    options,
    () => {
      const config = resolveOpenObserveConfig(options);
      return createMetricReader(config, resolveMetricsConfig(options, config));
    },
    (error) => new DisabledMetricReader(error),
    'metrics',
  );
}

/** Builds the reader from settings already resolved (shared with `openobserveInit`). */
export function createMetricReader(
  config: ResolvedOpenObserveConfig,
  metricsConfig: ResolvedMetricsConfig,
  dependencies: MetricExporterDependencies = {},
): OpenObserveMetricReader {
  if (!metricsConfig.enabled) return new DisabledMetricReader(undefined);
  return new ExportingMetricReader(
    new OpenObserveMetricExporter(config, metricsConfig, dependencies),
    metricsConfig,
  );
}

/** Collects every `exportIntervalMillis` and hands the metrics to our exporter. */
class ExportingMetricReader extends PeriodicExportingMetricReader implements OpenObserveMetricReader {
  readonly endpoint: string;
  readonly configError = undefined;

  constructor(
    private readonly exporter: OpenObserveMetricExporter,
    metricsConfig: ResolvedMetricsConfig,
  ) {
    super({
      exporter,
      exportIntervalMillis: metricsConfig.exportIntervalMillis,
      exportTimeoutMillis: metricsConfig.exportIntervalMillis,
    });
    this.endpoint = exporter.endpoint;
  }

  stats(): OpenObserveMetricsStats {
    return this.exporter.stats();
  }
}

/** Metrics off (`metrics: false`, `OPENOBSERVE_METRICS=false`, or a bad setting): never collects. */
export class DisabledMetricReader extends MetricReader implements OpenObserveMetricReader {
  readonly endpoint = undefined;

  constructor(readonly configError: OpenObserveConfigError | Error | undefined) {
    super();
  }

  stats(): OpenObserveMetricsStats {
    return createMetricsCounters();
  }

  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }

  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}
