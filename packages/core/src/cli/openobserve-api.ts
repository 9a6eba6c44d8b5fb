import { CliError } from './cli-error.js';

/** How to reach OpenObserve's management API. */
export interface OpenObserveApiSettings {
  /** Base URL without a trailing slash, e.g. `http://localhost:5080`. */
  baseUrl: string;
  /** The `Authorization` header value. */
  authorization: string;
  timeoutMs: number;
}

/** An answer OpenObserve gave: the status and the parsed JSON body (or the text). */
export interface ApiAnswer {
  status: number;
  body: unknown;
}

/** The `message` of an OpenObserve error body, else the text as sent. */
function describeBody(body: unknown): string {
  if (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { message?: unknown }).message === 'string'
  ) {
    return (body as { message: string }).message;
  }
  return typeof body === 'string' ? body.slice(0, 300) : JSON.stringify(body).slice(0, 300);
}

/**
 * The error for an answer the CLI did not expect: the status, the request and OpenObserve's message.
 *
 * @example
 * ```ts
 * throw unexpectedAnswer('PUT', '/api/default/dashboards/7', { status: 409, body: { message: 'Conflict' } });
 * ```
 */
export function unexpectedAnswer(method: string, path: string, answer: ApiAnswer): CliError {
  return new CliError(
    answer.status === 404 ? 'OPENOBSERVE_NOT_FOUND' : 'OPENOBSERVE_REFUSED',
    `OpenObserve answered ${answer.status} to ${method} ${path}: ${describeBody(answer.body)}`,
  );
}

/**
 * A small client for OpenObserve's management API. `request` answers whatever OpenObserve answered,
 * except 401/403 (the token) and network failures, which throw a {@link CliError} naming the setting
 * to fix; `expect` throws for any status not listed.
 *
 * @example
 * ```ts
 * const api = new OpenObserveApi({ baseUrl: 'http://localhost:5080', authorization: 'Basic …', timeoutMs: 10_000 });
 * const { body } = await api.expect('GET', '/api/v2/default/folders/dashboards', [200]);
 * ```
 */
export class OpenObserveApi {
  constructor(private readonly settings: OpenObserveApiSettings) {}

  /** Sends one request; 401/403 and unreachable servers throw. */
  async request(method: string, path: string, body?: unknown): Promise<ApiAnswer> {
    const url = `${this.settings.baseUrl}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: this.settings.authorization,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.settings.timeoutMs),
        redirect: 'manual',
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason =
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${this.settings.timeoutMs} ms (OPENOBSERVE_TIMEOUT)`
          : (cause?.code ?? cause?.message ?? (error as Error).message);
      throw new CliError(
        'OPENOBSERVE_UNREACHABLE',
        `cannot reach OpenObserve at ${this.settings.baseUrl} (${reason}): check OPENOBSERVE_URL and that OpenObserve is running.`,
        { cause: error },
      );
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    if (response.status === 401 || response.status === 403) {
      throw new CliError(
        'OPENOBSERVE_UNAUTHORIZED',
        `OpenObserve refused the credentials (${response.status} ${describeBody(parsed)} on ${method} ${path}): set OPENOBSERVE_AUTH_TOKEN to "Basic <base64 of email:password>" of a user allowed to edit dashboards and alerts in this organization (OpenObserve shows it under Data sources > Custom > Traces).`,
      );
    }
    return { status: response.status, body: parsed };
  }

  /** Sends one request and returns its body when the status is one of `ok`; any other status throws. */
  async expect(method: string, path: string, ok: readonly number[], body?: unknown): Promise<unknown> {
    const answer = await this.request(method, path, body);
    if (!ok.includes(answer.status)) throw unexpectedAnswer(method, path, answer);
    return answer.body;
  }
}
