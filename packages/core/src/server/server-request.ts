/**
 * What a framework adapter tells core about an incoming request.
 *
 * @example
 * ```ts
 * const info: ServerRequestInfo = { method: 'POST', path: '/chat', scheme: 'http', header: (name) => headers[name] };
 * ```
 */
export interface ServerRequestInfo {
  method: string;
  /** Path without the query string. */
  path: string;
  scheme?: 'http' | 'https';
  /** The `Host` header (`example.com:8080`). */
  host?: string;
  /** Reads one request header (any case); used for `traceparent` and the header allowlist. */
  header(name: string): string | undefined;
  /** The route pattern when already known (`/api/chat/[id]`, `/users/:id`). */
  route?: string;
}

/**
 * Options shared by every server adapter.
 *
 * @example
 * ```ts
 * startServerSpan(info, { recordRequestHeaders: ['x-request-id'] });
 * ```
 */
export interface ServerSpanOptions {
  /**
   * Request headers to record as `http.request.header.<name>`. None by default; `authorization`,
   * `cookie`, `set-cookie`, `proxy-authorization` and `x-portkey-api-key` are never recorded.
   */
  recordRequestHeaders?: readonly string[];
}
