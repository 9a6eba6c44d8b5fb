import type { IngestAnswer } from './ingest-request.js';

/**
 * An answer the double gives instead of ingesting, for fault tests: any status, extra headers (e.g.
 * `retry-after`), and any body (a partial success, a malformed 200, a body that echoes a credential).
 * A missing body is what OpenObserve sends with that status; a missing content type is JSON for a
 * body that parses as JSON, else plain text.
 *
 * @example
 * ```ts
 * openobserve.scriptResponses([
 *   { status: 429, headers: { 'retry-after': '2' } },
 *   { status: 206, body: '{"partialSuccess":{"rejectedSpans":3,"errorMessage":"too old"}}' },
 *   { status: 200, body: '<html>login</html>' },
 * ]);
 * ```
 */
export interface ScriptedResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** One scripted answer: a bare status (`scriptStatuses`) or a whole response (`scriptResponses`). */
export type ScriptedAnswer = number | ScriptedResponse;

/** Checks a scripted answer before it is queued, so a typo fails the test that wrote it. */
export function checkScriptedAnswer(answer: ScriptedAnswer, method: string): void {
  const status = typeof answer === 'number' ? answer : answer.status;
  if (!Number.isInteger(status) || status < 200 || status > 599) {
    throw new RangeError(`${method}: ${status} is not an HTTP status between 200 and 599`);
  }
}

/**
 * The answer to send for a scripted response: its own body and headers over what OpenObserve would
 * send with that status (`standard`).
 */
export function scriptedResponseAnswer(response: ScriptedResponse, standard: IngestAnswer): IngestAnswer {
  if (response.body === undefined) {
    return {
      status: response.status,
      headers: { ...standard.headers, ...response.headers },
      body: standard.body,
    };
  }
  const type = isJson(response.body) ? 'application/json' : 'text/plain; charset=utf-8';
  return {
    status: response.status,
    headers: { 'content-type': type, ...response.headers },
    body: response.body,
  };
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
