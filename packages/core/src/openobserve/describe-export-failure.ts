/** A failure grouped by kind (one warning each), with a hint that says what to check. */
export interface ExportFailure {
  kind: string;
  message: string;
}

/**
 * Turns an OTLP exporter error into a kind and a one-line explanation. Kinds are the HTTP status or
 * the network error code, so a backend that keeps refusing produces one warning, not one per batch.
 */
export function describeExportFailure(error: unknown, endpoint: string): ExportFailure {
  const details = readErrorDetails(error);
  if (details.status !== undefined) {
    const body = details.body ? `: ${truncate(details.body, 200)}` : '';
    return {
      kind: `http-${details.status}`,
      message: `OpenObserve answered ${details.status}${body} (${endpoint}). ${hintForStatus(details.status)}`,
    };
  }
  const code = details.code ?? (/timeout|timed out/i.test(details.message) ? 'TIMEOUT' : 'ERROR');
  return {
    kind: `network-${code}`,
    message: `could not reach OpenObserve at ${endpoint} (${code}: ${truncate(details.message, 200)}). ${hintForCode(code)}`,
  };
}

interface ErrorDetails {
  status?: number;
  code?: string;
  body?: string;
  message: string;
}

function readErrorDetails(error: unknown): ErrorDetails {
  if (!(error instanceof Error)) return { message: String(error) };
  const record = error as Error & { code?: unknown; data?: unknown; cause?: unknown };
  const numeric = typeof record.code === 'number' ? record.code : Number(record.code);
  if (Number.isInteger(numeric) && numeric >= 100 && numeric < 600) {
    return {
      status: numeric,
      body: typeof record.data === 'string' ? record.data : undefined,
      message: error.message,
    };
  }
  const statusInMessage = /\b([45]\d\d)\b/.exec(error.message);
  if (statusInMessage?.[1] && /status|code/i.test(error.message)) {
    return { status: Number(statusInMessage[1]), message: error.message };
  }
  const cause = record.cause as { code?: unknown } | undefined;
  const code =
    typeof record.code === 'string' ? record.code : typeof cause?.code === 'string' ? cause.code : undefined;
  return { code, message: error.message };
}

function hintForStatus(status: number): string {
  if (status === 401 || status === 403) return 'Check OPENOBSERVE_AUTH_TOKEN (or the `authToken` option).';
  if (status === 404) return 'Check OPENOBSERVE_URL and OPENOBSERVE_ORG.';
  if (status === 413) return 'Lower batch.maxExportBatchSize.';
  if (status === 429 || status === 503)
    return 'OpenObserve is over its limits; spans in this batch were dropped.';
  return 'Spans in this batch were dropped.';
}

function hintForCode(code: string): string {
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return 'Is OpenObserve running at OPENOBSERVE_URL?';
  }
  if (code === 'TIMEOUT' || code === 'ETIMEDOUT')
    return 'OpenObserve is slow; OPENOBSERVE_TIMEOUT sets the limit.';
  return 'Spans in this batch were dropped.';
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}
