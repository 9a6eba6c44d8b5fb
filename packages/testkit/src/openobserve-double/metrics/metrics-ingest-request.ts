import { decodeContentEncoding } from '../decode-body.js';
import { type IngestAnswer, type IngestInput, scriptedAnswer } from '../ingest-request.js';
import { contentKind, errorBody, isAuthorized } from '../ingest-rules.js';
import type { OpenObserveRow } from '../otlp-json-to-rows.js';
import { OtlpJsonError } from '../otlp-json-values.js';
import { type ScriptedAnswer, scriptedResponseAnswer } from '../scripted-responses.js';
import { type MetricMetadata, otlpMetricsToRows } from './otlp-metrics-to-rows.js';

/** How the double is set up for a metrics request. */
export interface MetricsIngestSettings {
  email: string;
  password: string;
  maxBodyBytes: number;
  /** The next scripted metrics answer, taken from its own queue, or `undefined`. */
  takeScriptedAnswer: () => ScriptedAnswer | undefined;
  /** Clock for the future-timestamp rule (ms since epoch); defaults to `Date.now()`. */
  nowMs?: number;
}

/** What a metrics request did: its answer, the organization, and the rows per metric stream. */
export interface MetricsIngestOutcome {
  answer: IngestAnswer;
  org: string;
  dataPointCount: number;
  streams: Map<string, OpenObserveRow[]>;
  metadata: MetricMetadata[];
}

const METRICS_PATH = /^\/api\/([^/]+)\/v1\/metrics$/;
/** `google.rpc.Code` INVALID_ARGUMENT, which OpenObserve puts in its OTLP error bodies. */
const INVALID_ARGUMENT = 3;

/**
 * The organization of an OTLP metrics ingest path (`/api/{org}/v1/metrics`), or `undefined`.
 *
 * @example
 * ```ts
 * matchMetricsPath('/api/default/v1/metrics'); // 'default'
 * matchMetricsPath('/api/default/v1/traces'); // undefined
 * ```
 */
export function matchMetricsPath(url: string): string | undefined {
  const segment = METRICS_PATH.exec(url.split('?', 1)[0] ?? '')?.[1];
  if (segment === undefined) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function json(status: number, body: unknown): IngestAnswer {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/**
 * Applies OpenObserve's OTLP metrics ingest rules (`src/core/src/metrics/otlp.rs`) to one request
 * on `POST /api/{org}/v1/metrics`, in the order of the traces route: method (405), scripted answer,
 * Basic auth (401 `Unauthorized Access`), body size (413), content type (400: exactly
 * `application/x-protobuf` or starting with `application/json`), content encoding, protobuf (400,
 * not decoded by the double), JSON (400 `{"code":3,"message":"Invalid json: ..."}`), then the point
 * rules: 200 `{"partialSuccess":null}`, or 206 with `rejectedDataPoints`.
 *
 * @example
 * ```ts
 * const outcome = handleMetricsIngestRequest(input, { email, password, maxBodyBytes, takeScriptedAnswer: () => undefined });
 * outcome.streams.get('gen_ai_client_token_usage_sum');
 * ```
 */
export function handleMetricsIngestRequest(
  input: IngestInput,
  settings: MetricsIngestSettings,
): MetricsIngestOutcome {
  const pathOrg = matchMetricsPath(input.url) ?? '';
  const headerOrg = input.headers.organization;
  const outcome: MetricsIngestOutcome = {
    answer: json(200, { partialSuccess: null }),
    org: headerOrg !== undefined && headerOrg !== '' ? headerOrg : pathOrg,
    dataPointCount: 0,
    streams: new Map(),
    metadata: [],
  };
  const answer = (result: IngestAnswer): MetricsIngestOutcome => {
    outcome.answer = result;
    return outcome;
  };
  if (input.method !== 'POST') return answer({ status: 405, headers: { allow: 'POST' }, body: '' });
  const scripted = settings.takeScriptedAnswer();
  if (scripted !== undefined) {
    return answer(
      typeof scripted === 'number'
        ? scriptedAnswer(scripted)
        : scriptedResponseAnswer(scripted, scriptedAnswer(scripted.status)),
    );
  }
  if (!isAuthorized(input.headers.authorization, settings.email, settings.password)) {
    return answer({
      status: 401,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: 'Unauthorized Access',
    });
  }
  if (input.bodyTooLarge) return answer(json(413, errorBody(413)));
  const kind = contentKind(input.headers['content-type']);
  if (kind === 'unsupported') return answer(json(400, errorBody(400)));
  const decoded = decodeContentEncoding(input.body, input.headers['content-encoding'], settings.maxBodyBytes);
  if (!decoded.ok) {
    const { failure } = decoded;
    if (failure.kind === 'too-large') return answer(json(413, errorBody(413)));
    if (failure.kind === 'unsupported-encoding') {
      return answer(
        json(
          415,
          errorBody(
            415,
            `Unsupported Content-Encoding: ${failure.encoding} (the test double decodes gzip only)`,
          ),
        ),
      );
    }
    return answer(json(400, errorBody(400, `Can not decode ${failure.encoding} body: ${failure.message}`)));
  }
  if (kind === 'protobuf')
    return answer(json(400, errorBody(400, 'protobuf bodies are not decoded by the test double')));
  const invalid = (message: string) =>
    answer(json(400, { code: INVALID_ARGUMENT, message: `Invalid json: ${message}` }));
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(decoded.body));
  } catch (error) {
    return invalid(error instanceof Error ? error.message : String(error));
  }
  let result: ReturnType<typeof otlpMetricsToRows>;
  try {
    result = otlpMetricsToRows(parsed, settings.nowMs ?? Date.now());
  } catch (error) {
    if (error instanceof OtlpJsonError) return invalid(error.message);
    throw error;
  }
  outcome.dataPointCount = result.dataPointCount;
  outcome.streams = result.streams;
  outcome.metadata = result.metadata;
  if (result.rejectedDataPoints > 0) {
    return answer(
      json(206, {
        partialSuccess: { rejectedDataPoints: result.rejectedDataPoints, errorMessage: result.errorMessage },
      }),
    );
  }
  return outcome;
}
