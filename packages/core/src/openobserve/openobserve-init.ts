import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { buildResource } from './build-resource.js';
import type { OpenObserveExportStats } from './export-stats.js';
import { flushOnExit } from './flush-on-exit.js';
import type { OpenObserveOptions } from './openobserve-options.js';
import { createSpanProcessor } from './openobserve-span-processor.js';
import { type ResolvedOpenObserveConfig, resolveOpenObserveConfig } from './resolve-openobserve-config.js';

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
  /** False when `enabled: false` / `OPENOBSERVE_ENABLED=false`: nothing is exported. */
  readonly enabled: boolean;
  /** True when this provider became the global one. */
  readonly registered: boolean;
  /** The traces URL spans are sent to, or undefined when disabled. */
  readonly endpoint: string | undefined;
  /** Sends every pending span now. Never rejects. */
  forceFlush(): Promise<void>;
  /** Flushes, then stops exporting. A later `openobserveInit` starts afresh. Never rejects. */
  shutdown(): Promise<void>;
  /** How many spans were exported and dropped so far. */
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
 * `OPENOBSERVE_TRACES_STREAM_NAME`, `OPENOBSERVE_ENABLED`, `OPENOBSERVE_TIMEOUT`, `OTEL_SERVICE_NAME`).
 * Calling it again returns the same handle. Bad settings throw {@link OpenObserveConfigError}; export
 * failures never reach your code.
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
  const config = resolveOpenObserveConfig(options);
  const fingerprint = fingerprintOf(config);
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
  const handle = createHandle(config, () => {
    if (globalScope[REGISTRY_KEY]?.handle === handle) delete globalScope[REGISTRY_KEY];
  });
  globalScope[REGISTRY_KEY] = { handle, fingerprint };
  return handle;
}

function createHandle(config: ResolvedOpenObserveConfig, onShutdown: () => void): OpenObserveHandle {
  const processor = createSpanProcessor(config);
  const tracerProvider = new NodeTracerProvider({
    resource: buildResource(config),
    spanProcessors: config.enabled ? [processor] : [],
  });
  const registered = config.enabled ? registerGlobally(tracerProvider) : false;
  const forceFlush = (): Promise<void> => tracerProvider.forceFlush().catch(() => undefined);
  const removeExitHooks = config.enabled
    ? flushOnExit(forceFlush, Math.min(config.timeoutMs, 5000))
    : () => {};
  let shutdownPromise: Promise<void> | undefined;

  return {
    tracerProvider,
    enabled: config.enabled,
    registered,
    endpoint: config.enabled ? config.tracesEndpoint : undefined,
    forceFlush,
    shutdown() {
      shutdownPromise ??= (async () => {
        removeExitHooks();
        onShutdown();
        await tracerProvider.shutdown().catch(() => undefined);
        if (registered) trace.disable();
      })();
      return shutdownPromise;
    },
    stats: () => processor.stats(),
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

function fingerprintOf(config: ResolvedOpenObserveConfig): string {
  return JSON.stringify(config);
}
