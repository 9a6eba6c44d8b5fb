import { decodeContentEncoding } from './decode-body.js';
import { contentKind, errorBody, isAuthorized, matchIngestPath, sanitizeStreamName } from './ingest-rules.js';
import { type OpenObserveRow, otlpJsonToRows } from './otlp-json-to-rows.js';
import { OtlpJsonError } from './otlp-json-values.js';

/** A received request, body fully read. */
export interface IngestInput {
  method: string;
  url: string;
  /** Header names in lower case, repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: Buffer;
  /** The raw body went past the limit (the double stopped keeping it). */
  bodyTooLarge: boolean;
}

/** How the double is set up for this request. */
export interface IngestSettings {
  email: string;
  password: string;
  maxBodyBytes: number;
  /** The next scripted status, taken from the queue, or `undefined` when none is scripted. */
  takeScriptedStatus: () => number | undefined;
  /** Clock for the start-time window (ms since epoch). */
  nowMs?: number;
  /** Run OpenObserve's v0.91+ LLM ingest step on LLM spans (default `true`). */
  llmIngest?: boolean;
}

/** The HTTP answer to send. */
export interface IngestAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What a request did: its answer, where it was addressed, and the rows to store. */
export interface IngestOutcome {
  answer: IngestAnswer;
  org: string;
  stream: string;
  spanCount: number;
  rows: OpenObserveRow[];
}

const JSON_TYPE = { 'content-type': 'application/json' };
const TEXT_TYPE = { 'content-type': 'text/plain; charset=utf-8' };
/** The fixed message OpenObserve puts in every partial success. */
export const PARTIAL_SUCCESS_MESSAGE =
  'Some spans were rejected due to exceeding the allowed retention period';

function jsonAnswer(status: number, body: unknown): IngestAnswer {
  return { status, headers: { ...JSON_TYPE }, body: JSON.stringify(body) };
}

function errorAnswer(status: number, message?: string): IngestAnswer {
  return jsonAnswer(status, errorBody(status, message));
}

function unauthorized(): IngestAnswer {
  return { status: 401, headers: { ...TEXT_TYPE }, body: 'Unauthorized Access' };
}

/**
 * The answer the real server gives with a status and no data written, used for scripted statuses:
 * `401` is the plain-text `Unauthorized Access`, `200` is `{"partialSuccess":null}`, any other status
 * is the JSON error body (`{"code":503,"message":"Service Unavailable"}`).
 *
 * @example
 * ```ts
 * scriptedAnswer(429).body; // '{"code":429,"message":"Too Many Requests"}'
 * ```
 */
export function scriptedAnswer(status: number): IngestAnswer {
  if (status === 401) {
    return unauthorized();
  }
  if (status === 200) {
    return jsonAnswer(200, { partialSuccess: null });
  }
  if (status === 206) {
    return jsonAnswer(206, { partialSuccess: { rejectedSpans: 0, errorMessage: PARTIAL_SUCCESS_MESSAGE } });
  }
  return errorAnswer(status);
}

/**
 * Applies OpenObserve's ingest rules to one request, in the server's order: route (404/405),
 * scripted status, Basic auth (401), body size (413), content type (400), content encoding
 * (415 unsupported, 400 corrupt, 413 too large once decoded), protobuf (400, not decoded by the double), JSON (400 `Invalid json: ...`), then the span rules
 * (200, or 206 with the number of rejected spans).
 *
 * @example
 * ```ts
 * const outcome = handleIngestRequest(input, { email, password, maxBodyBytes, takeScriptedStatus: () => undefined });
 * outcome.answer.status; // 200
 * outcome.rows.length; // spans accepted
 * ```
 */
export function handleIngestRequest(input: IngestInput, settings: IngestSettings): IngestOutcome {
  const pathOrg = matchIngestPath(input.url);
  const outcome: IngestOutcome = { answer: errorAnswer(404), org: '', stream: '', spanCount: 0, rows: [] };
  if (pathOrg === undefined) {
    outcome.answer = { status: 404, headers: {}, body: '' };
    return outcome;
  }
  const headerOrg = input.headers.organization;
  outcome.org = headerOrg !== undefined && headerOrg !== '' ? headerOrg : pathOrg;
  outcome.stream = sanitizeStreamName(input.headers['stream-name']);
  if (input.method !== 'POST') {
    outcome.answer = { status: 405, headers: { allow: 'POST' }, body: '' };
    return outcome;
  }

  const scripted = settings.takeScriptedStatus();
  if (scripted !== undefined) {
    outcome.answer = scriptedAnswer(scripted);
    return outcome;
  }

  if (!isAuthorized(input.headers.authorization, settings.email, settings.password)) {
    outcome.answer = unauthorized();
    return outcome;
  }
  if (input.bodyTooLarge) {
    outcome.answer = errorAnswer(413);
    return outcome;
  }
  const kind = contentKind(input.headers['content-type']);
  if (kind === 'unsupported') {
    outcome.answer = errorAnswer(400);
    return outcome;
  }
  const decoded = decodeContentEncoding(input.body, input.headers['content-encoding'], settings.maxBodyBytes);
  if (!decoded.ok) {
    const { failure } = decoded;
    outcome.answer =
      failure.kind === 'too-large'
        ? errorAnswer(413)
        : failure.kind === 'unsupported-encoding'
          ? errorAnswer(
              415,
              `Unsupported Content-Encoding: ${failure.encoding} (the test double decodes gzip only)`,
            )
          : errorAnswer(400, `Can not decode ${failure.encoding} body: ${failure.message}`);
    return outcome;
  }
  if (kind === 'protobuf') {
    outcome.answer = errorAnswer(400, 'protobuf bodies are not decoded by the test double');
    return outcome;
  }

  let parsed: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(decoded.body);
    parsed = JSON.parse(text);
  } catch (error) {
    outcome.answer = errorAnswer(
      400,
      `Invalid json: ${error instanceof Error ? error.message : String(error)}`,
    );
    return outcome;
  }
  try {
    const result = otlpJsonToRows(parsed, {
      stream: outcome.stream,
      nowMs: settings.nowMs,
      llmIngest: settings.llmIngest,
    });
    outcome.spanCount = result.spanCount;
    outcome.rows = result.rows;
    outcome.answer =
      result.rejections.length === 0
        ? jsonAnswer(200, { partialSuccess: null })
        : jsonAnswer(206, {
            partialSuccess: {
              rejectedSpans: result.rejections.length,
              errorMessage: `${PARTIAL_SUCCESS_MESSAGE} (test double: ${result.rejections.join('; ')})`,
            },
          });
  } catch (error) {
    if (!(error instanceof OtlpJsonError)) {
      throw error;
    }
    outcome.answer = errorAnswer(400, `Invalid json: ${error.message}`);
  }
  return outcome;
}
