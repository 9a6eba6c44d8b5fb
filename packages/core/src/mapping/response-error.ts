import { isRecord } from './is-record.js';

/**
 * An error answer (or an in-band stream error) seen on the wire, as the `openai` SDK would report it:
 * `status` (undefined in-band) drives `error.type`; `gatewayFailure` marks the Portkey gateway's own
 * failures (`{"status":"failure","message":...}`).
 */
export class APIError extends Error {
  override name = 'APIError';

  constructor(
    message: string,
    readonly status: number | undefined,
    readonly gatewayFailure: boolean,
  ) {
    super(message);
  }
}

/**
 * The error an answer body describes: OpenAI's `{"error":{"message",...}}`, the gateway's own
 * `{"status":"failure","message"}`, its `{"html-message"}` for an unreachable upstream, or just the
 * status when the body says nothing readable.
 */
export function errorFromBody(body: unknown, status: number | undefined): APIError {
  const prefix = status === undefined ? '' : `${status} `;
  if (isRecord(body)) {
    if (isGatewayFailureBody(body)) {
      return new APIError(`${prefix}${messageOf(body) ?? 'Portkey gateway failure'}`, status, true);
    }
    const details = isRecord(body.error) ? body.error : undefined;
    const message =
      messageOf(details) ?? (typeof body['html-message'] === 'string' ? body['html-message'] : undefined);
    if (message !== undefined) return new APIError(`${prefix}${message}`, status, false);
  }
  return new APIError(`${prefix}status code (no body)`.trim(), status, false);
}

/** The Portkey gateway's own failure body (validation, a refused custom host, an internal error). */
export function isGatewayFailureBody(body: unknown): boolean {
  return isRecord(body) && body.status === 'failure';
}

function messageOf(record: Record<string, unknown> | undefined): string | undefined {
  return typeof record?.message === 'string' && record.message ? record.message : undefined;
}
