import { context, diag, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { endWaitingCalls } from '../call/waiting-calls.js';
import type { OpenObserveConfigError } from '../errors.js';
import { buildResource } from './build-resource.js';
import { ExportQueueProcessor } from './export-queue-processor.js';
import { createExportCounters, type OpenObserveExportStats } from './export-stats.js';
import { flushOnExit } from './flush-on-exit.js';
import { createMetricsCounters } from './metrics-export-stats.js';
import type { OpenObserveOptions } from './openobserve-options.js';
import { createSpanProcessor } from './openobserve-span-processor.js';
import { type ResolvedOpenObserveConfig, resolveOpenObserveConfig } from './resolve-openobserve-config.js';
import { setUpOrFallBack } from './setup-failure.js';
import {
  type MetricsPipeline,
  type MetricsSettings,
  type OpenObserveMetricsHandle,
  resolveMetricsSettings,
  startMetrics,
} from './start-metrics.js';

/**
 * What `openobserveInit` returns: the provider it registered and the means to flush and stop it.
 *
 * @example
 * ```ts
 * const handle: OpenObserveHandle = openobserveInit();
 * process.on('SIGUSR2', () => void handle.forceFlush());
 * ```
 */
export interface OpenObserveHandle {
  /** The tracer provider (registered globally unless another provider already was). */
  readonly tracerProvider: NodeTracerProvider;
  /** False when `enabled: false` / `OPENOBSERVE_ENABLED=false`, or a bad setting turned export off. */
  readonly enabled: boolean;
  /** True when this provider became the global one. */
  readonly registered: boolean;
  /** The traces URL spans are sent to (a password in it hidden), or undefined when export is off. */
  readonly endpoint: string | undefined;
  /** The bad setting that turned export off (logged once; thrown instead with `strict`), else undefined. */
  readonly configError: OpenObserveConfigError | Error | undefined;
  /**
   * The GenAI metrics: their `MeterProvider` (registered globally), where they go, and `stats()`.
   * Off with `metrics: false` / `OPENOBSERVE_METRICS=false`.
   */
  readonly metrics: OpenObserveMetricsHandle;
  /** Sends every pending span, and the metrics, now. Never rejects. */
  forceFlush(): Promise<void>;
  /** Flushes, then stops exporting spans and metrics. A later `openobserveInit` starts afresh. Never rejects. */
  shutdown(): Promise<void>;
  /** What became of every span so far; `producedSpans === exportedSpans + droppedSpans + queuedSpans`. */
  stats(): OpenObserveExportStats;
}

interface InitRegistry {
  handle: OpenObserveHandle;
  fingerprint: string;
}

// Shared by every copy of @portobserve/core in the process (ESM and CJS builds, bundles).
const REGISTRY_KEY = Symbol.for('portobserve.openobserve.init');
type GlobalWithRegistry = typeof globalThis & { [REGISTRY_KEY]?: InitRegistry };

/**
 * Sends this process's traces to OpenObserve: the TypeScript counterpart of the Python SDK's
 * `openobserve_init()`. Registers a `NodeTracerProvider` with a batch processor that posts OTLP/HTTP
 * to `{url}/api/{org}/v1/traces`, and flushes when the process ends. Options beat environment
 * variables (`OPENOBSERVE_URL`, `OPENOBSERVE_ORG`, `OPENOBSERVE_AUTH_TOKEN`,
 * `OPENOBSERVE_TRACES_STREAM_NAME`, `OPENOBSERVE_ENABLED`, `OPENOBSERVE_TIMEOUT`, `OTEL_SERVICE_NAME`),
 * and the standard `OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT` / `_HEADERS` replace the OpenObserve URL.
 * Calling it again returns the same handle. A bad setting logs one error that names it and the fix, and
 * the app runs with export off (`configError` says why); with `strict: true` or `OPENOBSERVE_STRICT=true`
 * it throws {@link OpenObserveConfigError} instead. Export failures never reach your code.
 *
 * @example
 * ```ts
 * import { openobserveInit } from '@portobserve/core';
 *
 * const openobserve = openobserveInit({ serviceName: 'checkout' }); // reads OPENOBSERVE_* from the environment
 * // ... your app ...
 * await openobserve.shutdown(); // optional: pending spans are also flushed at exit
 * ```
 */
export function openobserveInit(options: OpenObserveOptions = {}): OpenObserveHandle {
  return setUpOrFallBack(
    options,
    () => {
      const config = resolveOpenObserveConfig(options);
      return initWith(config, resolveMetricsSettings(options, config));
    },
    (error) => exportOffHandle(error),
  );
}

function initWith(config: ResolvedOpenObserveConfig, metricsSettings: MetricsSettings): OpenObserveHandle {
  const fingerprint = fingerprintOf(config, metricsSettings);
  const globalScope = globalThis as GlobalWithRegistry;
  const existing = globalScope[REGISTRY_KEY];
  if (existing) {
    if (existing.fingerprint !== fingerprint) {
      console.warn(
        '[portobserve] openobserveInit() was called again with different settings; the first call is kept. ' +
          'Call shutdown() on its handle first to start over with new settings.',
      );
    }
    return existing.handle;
  }
  const handle = createHandle(config, startMetrics(config, metricsSettings), () => {
    if (globalScope[REGISTRY_KEY]?.handle === handle) delete globalScope[REGISTRY_KEY];
  });
  globalScope[REGISTRY_KEY] = { handle, fingerprint };
  return handle;
}

function createHandle(
  config: ResolvedOpenObserveConfig,
  metricsPipeline: MetricsPipeline,
  onShutdown: () => void,
): OpenObserveHandle {
  const processor = createSpanProcessor(config);
  const tracerProvider = new NodeTracerProvider({
    resource: buildResource(config),
    spanProcessors: config.enabled ? [processor] : [],
  });
  const registered = config.enabled ? registerGlobally(tracerProvider) : false;
  const forceFlush = async (): Promise<void> => {
    await Promise.all([
      tracerProvider
        .forceFlush()
        .catch((error: unknown) => diag.warn('portobserve: forceFlush failed', error)),
      metricsPipeline.forceFlush(),
    ]);
  };
  const flushAtExit = (): Promise<void> => {
    // No idle timer fires once the process is ending: a response or stream never read to its end
    // ends now (`idle`), so it is in this flush rather than lost without a word.
    endWaitingCalls({ inUse: true });
    return forceFlush();
  };
  const removeExitHooks = config.enabled
    ? flushOnExit(
        flushAtExit,
        Math.min(config.timeoutMs, 5000),
        (when) => {
          if (processor instanceof ExportQueueProcessor) processor.reportUnsent(when);
        },
        forceFlush,
      )
    : () => {};
  let shutdownPromise: Promise<void> | undefined;

  return {
    tracerProvider,
    enabled: config.enabled,
    registered,
    endpoint: processor.endpoint,
    configError: undefined,
    metrics: metricsPipeline.handle,
    forceFlush,
    shutdown() {
      shutdownPromise ??= (async () => {
        removeExitHooks();
        onShutdown();
        await Promise.all([
          tracerProvider
            .shutdown()
            .catch((error: unknown) => diag.warn('portobserve: shutdown failed', error)),
          metricsPipeline.shutdown(),
        ]);
        if (registered) trace.disable();
      })();
      return shutdownPromise;
    },
    stats: () => processor.stats(),
  };
}

/** The handle of a setup that failed (not strict): a provider that records nothing, never registered. */
function exportOffHandle(configError: OpenObserveConfigError | Error): OpenObserveHandle {
  const tracerProvider = new NodeTracerProvider();
  return {
    tracerProvider,
    enabled: false,
    registered: false,
    endpoint: undefined,
    configError,
    metrics: {
      meterProvider: undefined,
      enabled: false,
      registered: false,
      endpoint: undefined,
      configError: undefined,
      stats: createMetricsCounters,
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => tracerProvider.shutdown().catch(() => undefined),
    stats: createExportCounters,
  };
}

/**
 * What `NodeTracerProvider.register()` does (provider, AsyncLocalStorage context manager, W3C
 * propagators), but it tells whether the provider became the global one: `register()` fails silently.
 */
function registerGlobally(tracerProvider: NodeTracerProvider): boolean {
  const registered = trace.setGlobalTracerProvider(tracerProvider);
  if (!registered) {
    console.warn(
      '[portobserve] another OpenTelemetry tracer provider is already registered (for example by @vercel/otel or NodeSDK), ' +
        'so openobserveInit() could not register its own and spans would not reach OpenObserve. ' +
        "Give that provider OpenObserve's span processor instead, e.g. " +
        "registerOTel({ serviceName: 'my-app', spanProcessors: [openobserveSpanProcessor()] }) " +
        "(openobserveSpanProcessor from '@portobserve/core').",
    );
    return false;
  }
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(
    new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  );
  return true;
}

function fingerprintOf(config: ResolvedOpenObserveConfig, metricsSettings: MetricsSettings): string {
  return JSON.stringify([config, metricsSettings.config ?? String(metricsSettings.configError)]);
}
