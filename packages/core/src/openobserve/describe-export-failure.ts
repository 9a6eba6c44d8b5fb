import { STATUS_CODES } from 'node:http';
import type { TransportResult } from './http-transport.js';
import type { ExportSettingNames } from './resolve-export-target.js';

/** What a failure message needs to name the right setting. */
export interface FailureContext {
  /** The traces URL, credentials removed. */
  endpoint: string;
  settingNames: ExportSettingNames;
  timeoutMs: number;
  /** `OpenObserve`, or `the OTLP endpoint` when a standard endpoint (a Collector) is used. */
  backend: string;
  /** Removes credentials: applied to bodies and error texts before they are cut short. */
  redact: (text: string) => string;
  /** What is exported, for the hints: `traces` (the default) or `metrics`. */
  signal?: 'traces' | 'metrics';
}

/** A failed export request: its kind (one warning each), whether to retry, and what to tell the user. */
export interface ExportFailure {
  /** `http-503`, `network-ECONNREFUSED`, `timeout`: one warning per kind. */
  kind: string;
  /** Retryable failures keep the spans queued; the others drop them. */
  retryable: boolean;
  /** From `Retry-After`, when the backend said when to come back. */
  retryAfterMs: number | undefined;
  /** What happened and what to check, in one sentence or two, credentials removed. */
  description: string;
}

/** What an answered or failed request means for the spans it carried. */
export type ExportOutcome =
  | {
      type: 'accepted';
      /** Spans (or, for metrics, data points) the backend rejected in a partial success. */
      rejectedSpans: number;
      /** The backend's `partialSuccess.errorMessage`. */
      rejectionMessage: string | undefined;
      /** Set when a 2xx body is neither empty nor an OTLP JSON response: probably not OpenObserve. */
      unreadableBody: string | undefined;
    }
  | { type: 'failed'; failure: ExportFailure };

/** HTTP statuses worth retrying (the OTLP/HTTP specification's list). */
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
/** Network errors worth retrying (those of the OTLP exporter's transport, plus our timeout). */
const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'TIMEOUT',
]);
const SHOWN_BODY_CHARS = 200;
/** Longest `Retry-After` honoured: a backend cannot park the export for hours. */
const MAX_RETRY_AFTER_MS = 5 * 60 * 1000;

/**
 * Turns what the transport got back into an outcome: 2xx is accepted (with the partial success
 * count), 429/502/503/504 and connection errors are retryable, other statuses drop the batch. Each
 * failure kind is a status or an error code, so a backend that keeps refusing gives one warning.
 *
 * @example
 * ```ts
 * const outcome = classifyExportResult({ type: 'answer', status: 503, statusText: '', retryAfter: '2', body: '' }, context);
 * // { type: 'failed', failure: { kind: 'http-503', retryable: true, retryAfterMs: 2000, description: 'OpenObserve answered 503 ...' } }
 * ```
 */
export function classifyExportResult(result: TransportResult, context: FailureContext): ExportOutcome {
  if (result.type === 'error') return { type: 'failed', failure: describeNetworkError(result, context) };
  if (result.status >= 200 && result.status < 300) return readAcceptedBody(result.body, context);
  const statusName = result.statusText || STATUS_CODES[result.status] || 'error';
  const body = result.body.trim() ? `: ${shown(result.body, context)}` : '';
  return {
    type: 'failed',
    failure: {
      kind: `http-${result.status}`,
      retryable: RETRYABLE_STATUSES.has(result.status),
      retryAfterMs: parseRetryAfter(result.retryAfter),
      description: `${context.backend} answered ${result.status} ${statusName} at ${context.endpoint}${body}. ${hintForStatus(result.status, context)}`,
    },
  };
}

function readAcceptedBody(body: string, context: FailureContext): ExportOutcome {
  const accepted: ExportOutcome = {
    type: 'accepted',
    rejectedSpans: 0,
    rejectionMessage: undefined,
    unreadableBody: undefined,
  };
  if (!body.trim()) return accepted;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ...accepted, unreadableBody: shown(body, context) };
  }
  const partial = (
    parsed as {
      partialSuccess?: { rejectedSpans?: unknown; rejectedDataPoints?: unknown; errorMessage?: unknown };
    } | null
  )?.partialSuccess;
  if (!partial || typeof partial !== 'object') return accepted;
  const rejected = Number(partial.rejectedSpans ?? partial.rejectedDataPoints ?? 0);
  return {
    ...accepted,
    rejectedSpans: Number.isInteger(rejected) && rejected > 0 ? rejected : 0,
    rejectionMessage:
      typeof partial.errorMessage === 'string' ? shown(partial.errorMessage, context) : undefined,
  };
}

function describeNetworkError(
  result: Extract<TransportResult, { type: 'error' }>,
  context: FailureContext,
): ExportFailure {
  const { code } = result;
  if (code === 'TIMEOUT') {
    return {
      kind: 'timeout',
      retryable: true,
      retryAfterMs: undefined,
      description:
        `${context.backend} at ${context.endpoint} did not answer within ${context.timeoutMs} ms (timeout). ` +
        'It or the network is slow: raise OPENOBSERVE_TIMEOUT (seconds) or the `timeoutMs` option if it is just slow.',
    };
  }
  return {
    kind: `network-${code}`,
    retryable: RETRYABLE_CODES.has(code),
    retryAfterMs: undefined,
    description: `could not reach ${context.backend} at ${context.endpoint} (${code}: ${shown(result.message, context)}). ${hintForCode(code, context)}`,
  };
}

function hintForStatus(status: number, context: FailureContext): string {
  const { endpoint, auth } = context.settingNames;
  switch (status) {
    case 400:
      return context.signal === 'metrics'
        ? `OpenObserve could not read the metrics; check that ${endpoint} points at OpenObserve itself.`
        : `OpenObserve could not read the spans (or a span has more than 1000 attributes); check that ${endpoint} points at OpenObserve itself.`;
    case 401:
      return `The credentials were refused: check ${auth}, which must be "Basic <base64 of email:password>" of an OpenObserve user.`;
    case 403:
      return `The user of ${auth} may not ingest into this organization: check the user's role, or OPENOBSERVE_ORG.`;
    case 404:
    case 405:
      return endpoint.startsWith('OTEL_')
        ? `Nothing takes ${context.signal ?? 'traces'} at this path: check ${endpoint}.`
        : `Nothing takes ${context.signal ?? 'traces'} at this path: check ${endpoint}, the base URL of OpenObserve ` +
            '(like http://localhost:5080, without /web or /api), and OPENOBSERVE_ORG, an existing organization.';
    case 413:
      return 'The request was larger than OpenObserve accepts (ZO_PAYLOAD_LIMIT): lower batch.maxExportBatchSize (OTEL_BSP_MAX_EXPORT_BATCH_SIZE).';
    case 415:
      return 'The backend does not take gzip bodies: set OPENOBSERVE_COMPRESSION=none (or the `compression` option).';
    case 429:
      return 'OpenObserve is rate-limiting ingestion.';
    case 502:
      return `A proxy or load balancer in front of OpenObserve could not reach it: check that OpenObserve is up behind ${endpoint}.`;
    case 503:
      return 'OpenObserve is unavailable (over its limits, starting or restarting).';
    case 504:
      return `A proxy or load balancer in front of OpenObserve timed out waiting for it: check that OpenObserve is up and responsive behind ${endpoint}.`;
    case 500:
      return `OpenObserve failed to store the ${context.signal === 'metrics' ? 'metrics' : 'spans'}: its own log says why.`;
    default:
      return status >= 500 ? 'OpenObserve had an internal error.' : `Check ${endpoint}.`;
  }
}

function hintForCode(code: string, context: FailureContext): string {
  const { endpoint } = context.settingNames;
  if (code === 'ECONNREFUSED')
    return `Nothing listens there: is OpenObserve running, and is ${endpoint} right?`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return `The host name does not resolve: check ${endpoint}.`;
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED') {
    return `The connection was cut: a proxy, a firewall, or http:// for an https:// server (check ${endpoint}).`;
  }
  if (code === 'ENETUNREACH' || code === 'EHOSTUNREACH' || code === 'ENETDOWN' || code === 'EHOSTDOWN') {
    return `The network has no route to the host of ${endpoint}.`;
  }
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
    return `The TLS certificate of ${endpoint} is not trusted: add its CA with NODE_EXTRA_CA_CERTS.`;
  }
  if (code === 'EPROTO' || code.startsWith('HPE_')) {
    return `The server did not speak the expected protocol: check http:// versus https:// in ${endpoint}.`;
  }
  return `Check ${endpoint}.`;
}

/**
 * `Retry-After` as milliseconds to wait: delay-seconds or an HTTP date, at most 5 minutes; undefined
 * when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number = Date.now()): number | undefined {
  if (value === undefined || !value.trim()) return undefined;
  const text = value.trim();
  const waitMs = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - nowMs;
  if (!Number.isFinite(waitMs)) return undefined;
  return Math.min(Math.max(waitMs, 0), MAX_RETRY_AFTER_MS);
}

/** A backend's text as it may be printed: credentials removed first, then on one line, cut short. */
function shown(text: string, context: FailureContext): string {
  const line = context.redact(text).trim().replace(/\s+/g, ' ');
  return line.length > SHOWN_BODY_CHARS ? `${line.slice(0, SHOWN_BODY_CHARS)}…` : line;
}
