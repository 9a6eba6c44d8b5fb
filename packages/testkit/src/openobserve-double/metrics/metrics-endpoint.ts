import type { IngestAnswer, IngestInput } from '../ingest-request.js';
import type { OpenObserveRow } from '../otlp-json-to-rows.js';
import { RowStore } from '../row-store.js';
import { checkScriptedAnswer, type ScriptedAnswer, type ScriptedResponse } from '../scripted-responses.js';
import { handleMetricsIngestRequest, matchMetricsPath } from './metrics-ingest-request.js';
import type { MetricMetadata } from './otlp-metrics-to-rows.js';

/** A metrics request as the double recorded it (the shape of the traces requests). */
export interface RecordedMetricsRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The status answered; `0` while waiting. */
  status: number;
  /** The organization addressed. */
  org: string;
  /** Data points in the body, accepted or refused. */
  dataPointCount: number;
  /** With `recordBodies`: the body, its content encoding undone. */
  body?: Buffer;
}

/** What the OpenObserve double adds for OTLP metrics (`POST /api/{org}/v1/metrics`). */
export interface MetricsDoubleApi {
  /** Every metrics request, in arrival order, refused ones included (kept apart from `requests`). */
  metricRequests: RecordedMetricsRequest[];
  /** Stored metric rows, optionally of one organization and/or one metric stream (`gen_ai_client_token_usage_sum`). */
  metricRows(filter?: { org?: string; stream?: string }): OpenObserveRow[];
  /** The family metadata of each metric (type, unit, help), as first sent: OpenObserve keeps the first. */
  metricMetadata(): (MetricMetadata & { org: string })[];
  /** The metric streams that hold rows, with their row counts. */
  metricStreams(): { org: string; stream: string; count: number }[];
  /** Polls every ~20 ms until `predicate(rows)` holds; rejects after `timeoutMs` (5000) listing the streams. */
  waitForMetricRows(
    predicate: (rows: OpenObserveRow[]) => boolean,
    options?: { org?: string; stream?: string; timeoutMs?: number },
  ): Promise<OpenObserveRow[]>;
  /** Answers the next metrics requests with these statuses or responses, in order, storing nothing. */
  scriptMetricsResponses(responses: (number | ScriptedResponse)[]): void;
}

const POLL_INTERVAL_MS = 20;

/**
 * The double's OTLP metrics endpoint: its own requests, scripted answers and store, so that metric
 * exports never take an answer scripted for the spans, nor show up among the span requests.
 */
export class MetricsEndpoint {
  readonly requests: RecordedMetricsRequest[] = [];
  private readonly store = new RowStore();
  private readonly scripted: ScriptedAnswer[] = [];
  private readonly metadata = new Map<string, MetricMetadata & { org: string }>();

  constructor(private readonly settings: { email: string; password: string; maxBodyBytes: number }) {}

  /** True for the metrics route. */
  handles(path: string): boolean {
    return matchMetricsPath(path) !== undefined;
  }

  /** Records a request that arrived on the metrics route (before its body is read). */
  record(request: { method: string; path: string; headers: Record<string, string> }): RecordedMetricsRequest {
    const recorded: RecordedMetricsRequest = { ...request, status: 0, org: '', dataPointCount: 0 };
    this.requests.push(recorded);
    return recorded;
  }

  /** Answers a metrics request and stores its rows. */
  answer(input: IngestInput, recorded: RecordedMetricsRequest): IngestAnswer {
    const outcome = handleMetricsIngestRequest(input, {
      ...this.settings,
      takeScriptedAnswer: () => this.scripted.shift(),
    });
    recorded.org = outcome.org;
    recorded.status = outcome.answer.status;
    recorded.dataPointCount = outcome.dataPointCount;
    for (const [stream, rows] of outcome.streams) this.store.add(outcome.org, stream, rows);
    for (const item of outcome.metadata) {
      const key = `${outcome.org}/${item.stream}`;
      if (!this.metadata.has(key)) this.metadata.set(key, { org: outcome.org, ...item });
    }
    return outcome.answer;
  }

  reset(): void {
    this.requests.length = 0;
    this.scripted.length = 0;
    this.store.clear();
    this.metadata.clear();
  }

  /** The methods the double exposes. */
  api(): MetricsDoubleApi {
    return {
      metricRequests: this.requests,
      metricRows: (filter) => this.store.rows(filter),
      metricStreams: () => this.store.summary(),
      metricMetadata: () => [...this.metadata.values()],
      waitForMetricRows: async (predicate, options = {}) => {
        const filter = { org: options.org, stream: options.stream };
        const deadline = Date.now() + (options.timeoutMs ?? 5000);
        for (;;) {
          const rows = this.store.rows(filter);
          if (predicate(rows)) return rows;
          if (Date.now() >= deadline) {
            const statuses = this.requests.map((item) => `${item.method} ${item.path} -> ${item.status}`);
            throw new Error(
              `waitForMetricRows timed out. Rows for ${JSON.stringify(filter)}: ${rows.length}. ` +
                `Streams: ${JSON.stringify(this.store.summary())}. Requests: [${statuses.join(', ')}]`,
            );
          }
          await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
        }
      },
      scriptMetricsResponses: (responses) => {
        for (const response of responses) checkScriptedAnswer(response, 'scriptMetricsResponses');
        this.scripted.push(
          ...responses.map((response) => (typeof response === 'number' ? response : { ...response })),
        );
      },
    };
  }
}
