import type { Attributes } from '@opentelemetry/api';

/**
 * Batching of exported spans. Names follow OpenTelemetry's `BatchSpanProcessor`.
 *
 * @example
 * ```ts
 * openobserveInit({ batch: { maxQueueSize: 4096, maxExportBatchSize: 256, scheduledDelayMillis: 2000 } });
 * ```
 */
export interface OpenObserveBatchOptions {
  /** Spans held in memory while waiting for export; more are dropped (and counted). Default 2048, `OTEL_BSP_MAX_QUEUE_SIZE`. */
  maxQueueSize?: number;
  /** Spans sent in one request. Default 512, `OTEL_BSP_MAX_EXPORT_BATCH_SIZE`. */
  maxExportBatchSize?: number;
  /** Delay between two exports, in milliseconds. Default 5000, `OTEL_BSP_SCHEDULE_DELAY`. */
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
  /** Base URL of OpenObserve; a trailing slash or a path prefix is fine. `OPENOBSERVE_URL`, default `http://localhost:5080`. */
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
  /** Export request timeout in milliseconds. `OPENOBSERVE_TIMEOUT` (in seconds), default 10 000 ms. */
  timeoutMs?: number;
  /** `service.name` of every span. `OTEL_SERVICE_NAME`, default the app's package name. */
  serviceName?: string;
  /** Extra resource attributes (merged over `OTEL_RESOURCE_ATTRIBUTES`). */
  resourceAttributes?: Attributes;
  /** Extra headers sent with each export request. */
  headers?: Record<string, string>;
  /** Batch settings. */
  batch?: OpenObserveBatchOptions;
}
