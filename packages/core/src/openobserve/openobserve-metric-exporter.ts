import { context } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode, suppressTracing } from '@opentelemetry/core';
import { JsonMetricsSerializer } from '@opentelemetry/otlp-transformer';
import {
  AggregationTemporality,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { classifyExportResult, type FailureContext } from './describe-export-failure.js';
import { createHttpTransport, type ExportTransport } from './http-transport.js';
import { createMetricsCounters, type OpenObserveMetricsStats } from './metrics-export-stats.js';
import { createRedactor } from './redact-secrets.js';
import { withoutCredentials } from './resolve-export-target.js';
import type { ResolvedMetricsConfig } from './resolve-metrics-config.js';
import type { ResolvedOpenObserveConfig } from './resolve-openobserve-config.js';
import { createWarnOnce } from './warn-once.js';

/** What the exporter runs on; tests replace the transport and the log. */
export interface MetricExporterDependencies {
  transport?: ExportTransport;
  /** Where warnings go; `console.warn` by default. */
  write?: (message: string) => void;
}

/**
 * Sends the GenAI metrics as OTLP/JSON (encoded by `@opentelemetry/otlp-transformer`) over the same
 * transport and failure rules as the spans: gzip unless `compression` is `none`, the export request
 * never traced, each kind of failure one warning that names the status or error and the setting to
 * check, credentials never printed. Cumulative temporality: every export carries the running totals,
 * so a failed export is not retried nor kept in memory; the next one makes up for it.
 */
export class OpenObserveMetricExporter implements PushMetricExporter {
  readonly endpoint: string;
  private readonly counters = createMetricsCounters();
  private readonly transport: ExportTransport;
  private readonly say: (kind: string, message: string) => void;
  private readonly failureContext: FailureContext;
  private readonly timeoutMs: number;
  private readonly abandon = new AbortController();
  private readonly sending = new Set<Promise<unknown>>();
  private shutDown = false;

  constructor(
    config: ResolvedOpenObserveConfig,
    private readonly metricsConfig: ResolvedMetricsConfig,
    dependencies: MetricExporterDependencies = {},
  ) {
    this.transport =
      dependencies.transport ??
      createHttpTransport({
        url: metricsConfig.metricsEndpoint,
        headers: config.headers,
        compression: config.compression,
      });
    const redact = createRedactor(config.secrets);
    const warnOnce = createWarnOnce(dependencies.write ?? ((message) => console.warn(message)));
    this.say = (kind, message) => warnOnce(kind, redact(message));
    this.endpoint = withoutCredentials(metricsConfig.metricsEndpoint);
    // The reader gives up on an export after one interval: ours ends first, with a failure we can name.
    this.timeoutMs = Math.max(1, Math.min(config.timeoutMs, metricsConfig.exportIntervalMillis - 1));
    this.failureContext = {
      endpoint: this.endpoint,
      settingNames: { ...config.settingNames, endpoint: metricsConfig.endpointSetting },
      timeoutMs: this.timeoutMs,
      backend: config.standardEndpoint ? 'the OTLP endpoint' : 'OpenObserve',
      redact,
      signal: 'metrics',
    };
  }

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    const sending = this.send(metrics).catch(
      (error: unknown): ExportResult => ({
        code: ExportResultCode.FAILED,
        error: error instanceof Error ? error : new Error(String(error)),
      }),
    );
    this.sending.add(sending);
    void sending.then((result) => {
      this.sending.delete(sending);
      resultCallback(result);
    });
  }

  /** Counts since start. */
  stats(): OpenObserveMetricsStats {
    return { ...this.counters };
  }

  /** Waits for the export being sent, if any. */
  async forceFlush(): Promise<void> {
    await Promise.all(this.sending);
  }

  /** Waits for the export being sent (at most the request timeout), then closes the connections. */
  async shutdown(): Promise<void> {
    if (this.shutDown) return;
    this.shutDown = true;
    const abandonTimer = setTimeout(() => this.abandon.abort(), this.timeoutMs);
    await Promise.all(this.sending);
    clearTimeout(abandonTimer);
    this.transport.shutdown();
  }

  /** Cumulative, as Prometheus and OpenObserve's PromQL expect; a lost export loses nothing. */
  selectAggregationTemporality(): AggregationTemporality {
    return AggregationTemporality.CUMULATIVE;
  }

  private async send(metrics: ResourceMetrics): Promise<ExportResult> {
    if (this.shutDown) {
      return { code: ExportResultCode.FAILED, error: new Error('the metric exporter is shut down') };
    }
    const points = countDataPoints(metrics);
    if (points === 0) return { code: ExportResultCode.SUCCESS };
    const body = JsonMetricsSerializer.serializeRequest(metrics);
    if (!body) throw new Error('the OTLP serializer returned nothing');
    // Like the spans: the export request itself is never traced.
    const result = await context.with(suppressTracing(context.active()), () =>
      this.transport.send(body, this.timeoutMs, this.abandon.signal),
    );
    const outcome = classifyExportResult(result, this.failureContext);
    const backend = this.failureContext.backend;
    if (outcome.type === 'accepted') {
      const rejected = Math.min(outcome.rejectedSpans, points);
      this.counters.exports += 1;
      this.counters.exportedDataPoints += points - rejected;
      this.counters.rejectedDataPoints += rejected;
      if (rejected > 0) {
        this.say(
          'partial-success',
          `${backend} accepted ${points - rejected} of ${points} metric data points and rejected ${rejected}: ` +
            `"${outcome.rejectionMessage ?? 'no reason given'}" (${this.endpoint}). OpenObserve rejects data points ` +
            'more than 24 hours ahead (check the clock of this host) or older than the stream retention. ' +
            'They are counted in metrics.stats().rejectedDataPoints; further partial successes are not logged.',
        );
      }
      if (outcome.unreadableBody !== undefined) {
        this.say(
          'unreadable-response',
          `${backend} answered with success but its body is not an OTLP response: "${outcome.unreadableBody}" (${this.endpoint}). ` +
            `Something other than OpenObserve may have answered (a proxy or a login page): check ${this.failureContext.settingNames.endpoint}. ` +
            'Further answers like this are not logged.',
        );
      }
      return { code: ExportResultCode.SUCCESS };
    }
    this.counters.failedExports += 1;
    const { failure } = outcome;
    const what = failure.kind.startsWith('http-')
      ? `${failure.kind.slice(5)} answers`
      : 'failures of this kind';
    this.say(
      failure.kind,
      `${failure.description} These metrics are not retried: while the process runs, the next export (in ${seconds(this.metricsConfig.exportIntervalMillis)}) ` +
        `carries the running totals again, so nothing is lost; what the last export, at exit or shutdown(), could not send is lost. ` +
        `Further ${what} are not logged; see metrics.stats().`,
    );
    return { code: ExportResultCode.FAILED, error: new Error(failure.description) };
  }
}

function countDataPoints(metrics: ResourceMetrics): number {
  let count = 0;
  for (const scope of metrics.scopeMetrics) {
    for (const metric of scope.metrics) count += metric.dataPoints.length;
  }
  return count;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1).replace(/\.0$/, '')} s`;
}
