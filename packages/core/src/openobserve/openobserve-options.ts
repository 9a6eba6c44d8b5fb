import type { Attributes } from '@opentelemetry/api';
import type { OpenObserveConfigError } from '../errors.js';
import type { OpenObserveMetricsOptions } from './openobserve-metrics-options.js';

/**
 * Batching of exported spans. Names follow OpenTelemetry's `BatchSpanProcessor`.
 *
 * @example
 * ```ts
 * openobserveInit({ batch: { maxQueueSize: 4096, maxExportBatchSize: 256, scheduledDelayMillis: 2000 } });
 * ```
 */
export interface OpenObserveBatchOptions {
  /**
   * Spans held in memory while waiting for export, failed batches waiting for a retry included. Past
   * it the oldest waiting spans are dropped (and counted). Default 2048, `OTEL_BSP_MAX_QUEUE_SIZE`.
   */
  maxQueueSize?: number;
  /** Spans sent in one request. Default 512, `OTEL_BSP_MAX_EXPORT_BATCH_SIZE`. */
  maxExportBatchSize?: number;
  /**
   * Longest wait, in milliseconds, before spans are sent (a full batch goes at once). Default 5000,
   * `OTEL_BSP_SCHEDULE_DELAY`. The very first batch goes within a second, so a wrong URL or token is
   * reported right away.
   */
  scheduledDelayMillis?: number;
}

/**
 * Settings for the OpenObserve export. Every option beats its environment variable.
 *
 * @example
 * ```ts
 * const options: OpenObserveOptions = { url: 'https://o2.example.com', org: 'acme', streamName: 'llm', serviceName: 'chat-api' };
 * openobserveInit(options);
 * ```
 */
export interface OpenObserveOptions {
  /**
   * Base URL of OpenObserve; a trailing slash or a path prefix is fine. `OPENOBSERVE_URL`, default
   * `http://localhost:5080`. The standard `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` /
   * `OTEL_EXPORTER_OTLP_ENDPOINT` (a Collector) replace `OPENOBSERVE_URL`, not this option.
   */
  url?: string;
  /** Organization. `OPENOBSERVE_ORG`, default `default`. */
  org?: string;
  /**
   * `Basic <base64>` (sent as is), any `<scheme> <credentials>` (sent as is), a bare base64 token
   * (`Basic ` is added), or `email:password` (encoded, then `Basic `). `OPENOBSERVE_AUTH_TOKEN`;
   * required unless disabled.
   */
  authToken?: string;
  /** Traces stream, sent as the `stream-name` header. `OPENOBSERVE_TRACES_STREAM_NAME`, default `default`. */
  streamName?: string;
  /** `false` exports nothing and needs no token. `OPENOBSERVE_ENABLED` (true/false, 1/0, yes/no), default true. */
  enabled?: boolean;
  /**
   * Export request timeout in milliseconds, also the longest `shutdown()` waits for a failing backend.
   * `OPENOBSERVE_TIMEOUT` (in seconds), default 10 000 ms.
   */
  timeoutMs?: number;
  /** Request body compression. `OPENOBSERVE_COMPRESSION` (`gzip` or `none`), default `gzip` (zlib's fastest level). */
  compression?: 'gzip' | 'none';
  /**
   * `true` makes a bad setting throw {@link OpenObserveConfigError} (for scripts and CI that want to
   * fail fast). By default a bad setting logs one error naming the setting and the fix, and the app runs
   * with export off. `OPENOBSERVE_STRICT`, default false.
   */
  strict?: boolean;
  /** `service.name` of every span. `OTEL_SERVICE_NAME`, default the app's package name. */
  serviceName?: string;
  /** Extra resource attributes (merged over `OTEL_RESOURCE_ATTRIBUTES`). */
  resourceAttributes?: Attributes;
  /** Extra headers sent with each export request. */
  headers?: Record<string, string>;
  /** Batch settings. */
  batch?: OpenObserveBatchOptions;
  /**
   * The GenAI client metrics (`gen_ai.client.operation.duration`, `gen_ai.client.token.usage`,
   * `gen_ai.client.operation.time_to_first_chunk`), sent to `{url}/api/{org}/v1/metrics`. `false`
   * sends none; an object tunes the export. `OPENOBSERVE_METRICS` (true/false), default on.
   */
  metrics?: boolean | OpenObserveMetricsOptions;
}
