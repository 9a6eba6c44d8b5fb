import { STATUS_CODES } from 'node:http';

/** Default OpenObserve login of the double (the values of a fresh `docker run` of OpenObserve). */
export const DEFAULT_EMAIL = 'root@example.com';
/** Default password of the double. */
export const DEFAULT_PASSWORD = 'Complexpass#123';
/** OpenObserve's default request body limit: 200 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 200 * 1024 * 1024;
/** OpenObserve's default limit of columns in one record. */
export const MAX_COLUMNS_PER_RECORD = 1000;
/** Spans starting more than this long ago are rejected (OpenObserve `ZO_INGEST_ALLOWED_UPTO`). */
export const MAX_START_AGE_MS = 5 * 60 * 60 * 1000;
/** Spans starting more than this far in the future are rejected (`ZO_INGEST_ALLOWED_IN_FUTURE`). */
export const MAX_START_AHEAD_MS = 24 * 60 * 60 * 1000;
/** Stream used when no `stream-name` header is sent. */
export const DEFAULT_STREAM = 'default';

/**
 * The three ingest routes OpenObserve serves, `{org}` being one non-empty path segment. Users who set
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` themselves may post to the aliases.
 */
const INGEST_PATHS: readonly RegExp[] = [
  /^\/api\/([^/]+)\/v1\/traces$/,
  /^\/api\/([^/]+)\/traces$/,
  /^\/api\/([^/]+)\/otel\/v1\/traces$/,
];

/** A JSON error body as OpenObserve writes it. */
export interface OpenObserveErrorBody {
  code: number;
  message: string;
}

/**
 * Finds the organization in an ingest path, or `undefined` when the path is not an ingest route.
 * The query string is ignored; a trailing slash is not accepted.
 *
 * @example
 * ```ts
 * matchIngestPath('/api/default/v1/traces'); // 'default'
 * matchIngestPath('/api/default/v1/logs'); // undefined
 * ```
 */
export function matchIngestPath(url: string): string | undefined {
  const path = url.split('?', 1)[0] ?? '';
  for (const pattern of INGEST_PATHS) {
    const segment = pattern.exec(path)?.[1];
    if (segment !== undefined) {
      try {
        return decodeURIComponent(segment);
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * Builds the `Authorization` header value OpenObserve expects for a login.
 *
 * @example
 * ```ts
 * basicAuthToken('root@example.com', 'Complexpass#123'); // 'Basic cm9vdEBleGFtcGxlLmNvbTpDb21wbGV4cGFzcyMxMjM='
 * ```
 */
export function basicAuthToken(email: string, password: string): string {
  return `Basic ${Buffer.from(`${email}:${password}`, 'utf8').toString('base64')}`;
}

/**
 * Tells whether an `Authorization` header carries exactly the expected Basic credentials.
 * The comparison is on the canonical base64 text, as strict as a padded, canonical base64 decoder.
 *
 * @example
 * ```ts
 * isAuthorized(basicAuthToken('a@b.c', 'pw'), 'a@b.c', 'pw'); // true
 * isAuthorized(undefined, 'a@b.c', 'pw'); // false
 * ```
 */
export function isAuthorized(header: string | undefined, email: string, password: string): boolean {
  return header !== undefined && header === basicAuthToken(email, password);
}

/** What a `Content-Type` header asks the server to decode. */
export type IngestContentKind = 'json' | 'protobuf' | 'unsupported';

/**
 * Classifies a `Content-Type` header: exactly `application/x-protobuf`, or starting with
 * `application/json`; anything else (or nothing) is unsupported. Case-sensitive, like the server.
 *
 * @example
 * ```ts
 * contentKind('application/json; charset=utf-8'); // 'json'
 * contentKind('application/x-protobuf'); // 'protobuf'
 * contentKind('text/plain'); // 'unsupported'
 * ```
 */
export function contentKind(header: string | undefined): IngestContentKind {
  if (header === 'application/x-protobuf') {
    return 'protobuf';
  }
  if (header?.startsWith('application/json')) {
    return 'json';
  }
  return 'unsupported';
}

/**
 * Turns a `stream-name` header into the stream name: characters outside `[a-zA-Z0-9_:]` become `_`;
 * a missing or empty header gives `default`.
 *
 * @example
 * ```ts
 * sanitizeStreamName('my-app.traces'); // 'my_app_traces'
 * sanitizeStreamName(undefined); // 'default'
 * ```
 */
export function sanitizeStreamName(header: string | undefined): string {
  if (header === undefined || header === '') {
    return DEFAULT_STREAM;
  }
  return header.replace(/[^a-zA-Z0-9_:]/gu, '_');
}

/**
 * The JSON error body OpenObserve sends with a status, e.g. `{"code":503,"message":"Service Unavailable"}`.
 *
 * @example
 * ```ts
 * errorBody(400); // { code: 400, message: 'Bad Request' }
 * errorBody(400, 'Invalid json: x'); // { code: 400, message: 'Invalid json: x' }
 * ```
 */
export function errorBody(status: number, message?: string): OpenObserveErrorBody {
  return { code: status, message: message ?? STATUS_CODES[status] ?? 'Error' };
}

/**
 * Why a span start time (µs since epoch) is refused, or `undefined` when it is inside the accepted
 * window: not older than 5 h, not more than 24 h ahead.
 *
 * @example
 * ```ts
 * startTimeProblem(Date.now() * 1000, Date.now()); // undefined
 * startTimeProblem(0, Date.now()); // 'start time is older than 5 hours'
 * ```
 */
export function startTimeProblem(startMicros: number, nowMs: number): string | undefined {
  const startMs = startMicros / 1000;
  if (startMs < nowMs - MAX_START_AGE_MS) {
    return 'start time is older than 5 hours';
  }
  if (startMs > nowMs + MAX_START_AHEAD_MS) {
    return 'start time is more than 24 hours in the future';
  }
  return undefined;
}
