import type { TracerProvider } from '@opentelemetry/api';
import type { LLMContext } from '../context/llm-context.js';

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
  /**
   * The instrumentation scope of the spans the framework makes itself (`next.js`). When one of them is
   * active, it is the request's span: no SERVER span is made, and the framework records the route,
   * the status and errors on it.
   */
  frameworkSpanScope?: string;
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
   * `cookie`, `set-cookie`, `proxy-authorization` and `x-portkey-api-key` are never recorded, even when
   * listed.
   */
  recordRequestHeaders?: readonly string[];
  /** The provider request spans are made with (default: the global one, as `openobserveInit` registers it). */
  tracerProvider?: TracerProvider;
  /**
   * A span for every request. By default a request's span comes into being only when something
   * needs it: a span started under it (an LLM call, or any instrumentation's span), a value written to
   * the active span, or a failure (a 5xx, an error recorded). A request that does none of these (a
   * health check, a static file) records and exports nothing. When the span
   * does come into being, it starts when the request started. Default `false`.
   */
  recordAllRequests?: boolean;
}

/**
 * The `context` option of the adapters: the LLM context of a request, maybe async.
 *
 * @example
 * ```ts
 * const fromHeaders: LLMContextOption<Request> = (request) => ({ userId: request.headers.get('x-user-id') ?? undefined });
 * ```
 */
export type LLMContextOption<Request> = (
  request: Request,
) => LLMContext | undefined | Promise<LLMContext | undefined>;

/**
 * The options every adapter takes, whatever its framework: the same names, types and meaning.
 *
 * @example
 * ```ts
 * const options: RequestTracingOptions<Request> = {
 *   context: (request) => ({ sessionId: request.headers.get('x-session-id') ?? undefined }),
 *   recordRequestHeaders: ['x-request-id'],
 * };
 * ```
 */
export interface RequestTracingOptions<Request> extends ServerSpanOptions {
  /**
   * Who and what the request's LLM calls belong to: `sessionId`, `userId`, `metadata`, `tags`
   * (`session.id`, `user.id`, `metadata`, `tag.tags`) on every LLM span made while handling it, as
   * `withLLMContext` sets them. May be async. Called before the handler, in the request span's
   * context: headers and the URL are there, a body is not read yet (do not consume it here). A
   * callback that throws or rejects is skipped and reported; it never fails the request.
   */
  context?: LLMContextOption<Request>;
}
