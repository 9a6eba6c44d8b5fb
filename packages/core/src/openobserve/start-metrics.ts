import { diag, metrics } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import type { OpenObserveConfigError } from '../errors.js';
import { buildResource } from './build-resource.js';
import { createMetricsCounters, type OpenObserveMetricsStats } from './metrics-export-stats.js';
import { createMetricReader } from './openobserve-metric-reader.js';
import type { OpenObserveOptions } from './openobserve-options.js';
import { type ResolvedMetricsConfig, resolveMetricsConfig } from './resolve-metrics-config.js';
import type { ResolvedOpenObserveConfig } from './resolve-openobserve-config.js';
import { setUpOrFallBack } from './setup-failure.js';

/**
 * The metrics part of what `openobserveInit` returns.
 *
 * @example
 * ```ts
 * const { metrics } = openobserveInit();
 * if (metrics.enabled) console.log(`GenAI metrics go to ${metrics.endpoint}`, metrics.stats());
 * ```
 */
export interface OpenObserveMetricsHandle {
  /** The meter provider (registered globally unless another one already was), or undefined when metrics are off. */
  readonly meterProvider: MeterProvider | undefined;
  /** False with `metrics: false` / `OPENOBSERVE_METRICS=false`, export off, a bad setting, or another global MeterProvider. */
  readonly enabled: boolean;
  /** True when this meter provider became the global one. */
  readonly registered: boolean;
  /** The metrics URL (a password in it hidden), or undefined when metrics are off. */
  readonly endpoint: string | undefined;
  /** The bad metrics setting that turned metrics off (logged once; thrown instead with `strict`). */
  readonly configError: OpenObserveConfigError | Error | undefined;
  /** What became of the metric exports so far. */
  stats(): OpenObserveMetricsStats;
}

/** The running metric export of one `openobserveInit` handle. */
export interface MetricsPipeline {
  handle: OpenObserveMetricsHandle;
  /** Collects and sends now. Never rejects. */
  forceFlush(): Promise<void>;
  /** Sends a last time, stops, and unregisters the provider. Never rejects. */
  shutdown(): Promise<void>;
}

/** The metric settings, or metrics off with the bad setting that turned them off (thrown with `strict`). */
export type MetricsSettings =
  | { config: ResolvedMetricsConfig; configError: undefined }
  | { config: undefined; configError: OpenObserveConfigError | Error };

/** Resolves the metric settings on their own: a bad one turns metrics off, never the spans. */
export function resolveMetricsSettings(
  options: OpenObserveOptions,
  config: ResolvedOpenObserveConfig,
): MetricsSettings {
  return setUpOrFallBack<MetricsSettings>(
    options,
    () => ({ config: resolveMetricsConfig(options, config), configError: undefined }),
    (configError) => ({ config: undefined, configError }),
    'metrics',
  );
}

/**
 * Sets up a `MeterProvider` whose reader sends to OpenObserve and registers it globally, where the
 * LLM call instrumentation finds it. When the app already registered a MeterProvider, it warns and
 * says to give that provider `openobserveMetricReader()` instead.
 */
export function startMetrics(config: ResolvedOpenObserveConfig, settings: MetricsSettings): MetricsPipeline {
  if (!settings.config?.enabled) return metricsOff(settings.configError);
  const reader = createMetricReader(config, settings.config);
  const meterProvider = new MeterProvider({ resource: buildResource(config), readers: [reader] });
  if (!metrics.setGlobalMeterProvider(meterProvider)) {
    console.warn(
      '[portobserve] another OpenTelemetry MeterProvider is already registered (for example by NodeSDK), so openobserveInit() ' +
        'could not register its own: the GenAI metrics are recorded on that provider and do not reach OpenObserve. ' +
        "Add OpenObserve's metric reader to that provider, e.g. new MeterProvider({ readers: [openobserveMetricReader()] }) " +
        "(openobserveMetricReader from '@portobserve/core'), and pass metrics: false (or OPENOBSERVE_METRICS=false) here.",
    );
    void meterProvider.shutdown().catch(() => undefined);
    return metricsOff(undefined);
  }
  let shutdownPromise: Promise<void> | undefined;
  return {
    handle: {
      meterProvider,
      enabled: true,
      registered: true,
      endpoint: reader.endpoint,
      configError: undefined,
      stats: () => reader.stats(),
    },
    forceFlush: () =>
      meterProvider
        .forceFlush()
        .catch((error: unknown) => diag.warn('portobserve: metrics forceFlush failed', error)),
    shutdown() {
      shutdownPromise ??= (async () => {
        metrics.disable();
        await meterProvider
          .shutdown()
          .catch((error: unknown) => diag.warn('portobserve: metrics shutdown failed', error));
      })();
      return shutdownPromise;
    },
  };
}

function metricsOff(configError: OpenObserveConfigError | Error | undefined): MetricsPipeline {
  return {
    handle: {
      meterProvider: undefined,
      enabled: false,
      registered: false,
      endpoint: undefined,
      configError,
      stats: createMetricsCounters,
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
}
