import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { context } from '@opentelemetry/api';
import { bindEmitterContext } from './bind-emitter-context.js';
import { ensureNodeRequestRecord } from './node-request-records.js';
import { isPromiseLike, withRequestContext } from './request-context.js';
import { type AdapterDetails, type RequestTrace, requestTrace } from './request-trace.js';
import type { RequestTracingOptions, ServerRequestInfo } from './server-request.js';
import { startServerSpan } from './start-server-span.js';
import { watchResponseEnd } from './watch-response-end.js';

/**
 * What a `node:http` adapter (Express, Next.js Pages API routes) knows about a request beyond
 * `req` itself.
 *
 * @example
 * ```ts
 * const details: NodeRequestDetails = { adapter: 'openobserveMiddleware()', path: urlPath(req.originalUrl), scheme: 'https' };
 * ```
 */
export interface NodeRequestDetails extends AdapterDetails {
  /** The full path without the query string (default: `req.url`'s); Express: `req.originalUrl`'s. */
  path?: string;
  /** Default: `https` when the connection is TLS. */
  scheme?: 'http' | 'https';
  /** Read when the response ends: the route that matched by then (Express routers match late). */
  matchedRoute?: () => string | undefined;
}

/**
 * Traces one `node:http` request for an adapter: starts (or enriches) its SERVER span, ends it once
 * when the response finishes or the connection closes first (then `portobserve.request.client_aborted`),
 * reads the LLM context from `options.context` (guarded: a failing callback is reported and skipped),
 * binds `req` and `res` to the request's context (body parsers and other stream-driven code resume in
 * their callbacks, as `@opentelemetry/instrumentation-http` does it) and runs `handle` in that
 * context. An error thrown (or rejected) by `handle` is recorded unless `details.controlFlow` says it
 * is control flow, and rethrown. Returns what `handle` returns; a promise of it when `context` was async.
 *
 * @example
 * ```ts
 * // An Express middleware in three lines:
 * const middleware: RequestHandler = (req, res, next) => {
 *   traceNodeRequest(req, res, { adapter: 'myMiddleware()', path: urlPath(req.originalUrl) }, {}, () => next());
 * };
 * ```
 */
export function traceNodeRequest<Request extends IncomingMessage, Result>(
  req: Request,
  res: ServerResponse,
  details: NodeRequestDetails,
  options: RequestTracingOptions<Request>,
  handle: (trace: RequestTrace) => Result,
): Result | Promise<Result> {
  const span = startServerSpan(nodeRequestInfo(req, details), options);
  const trace = requestTrace(span);
  // The request's one record: its trace here, its context and response watch below.
  ensureNodeRequestRecord(req).trace = trace;
  const end = (): void => {
    const route = details.matchedRoute?.();
    if (route) span.setRoute(route);
    // `close` without `finish`: the client went away, or the handler never answered.
    trace.end(res.headersSent ? res.statusCode : undefined, { clientAborted: !res.writableFinished });
  };
  watchResponseEnd(res, end, span);
  const contextOption = options.context ? `${details.adapter} option \`context\`` : '';
  return withRequestContext(span, options.context, req, contextOption, (bound) => {
    bindEmitterContext(bound, req);
    bindEmitterContext(bound, res);
    return context.with(bound, () => runHandler(trace, details, handle));
  });
}

/** `url` without its query string (`/`, when empty). */
export function urlPath(url: string | undefined): string {
  if (!url) return '/';
  const query = url.indexOf('?');
  return (query === -1 ? url : url.slice(0, query)) || '/';
}

/** Calls `handle`; an error it throws or rejects with is recorded (unless control flow) and rethrown. */
function runHandler<Result>(
  trace: RequestTrace,
  details: AdapterDetails,
  handle: (trace: RequestTrace) => Result,
): Result {
  const fail = (error: unknown): never => {
    if (!details.controlFlow?.(error)) trace.span.recordError(error);
    throw error;
  };
  try {
    const result = handle(trace);
    return (isPromiseLike(result) ? Promise.resolve(result).catch(fail) : result) as Result;
  } catch (error) {
    return fail(error);
  }
}

function nodeRequestInfo(req: IncomingMessage, details: NodeRequestDetails): ServerRequestInfo {
  return {
    method: req.method ?? 'GET',
    path: details.path ?? urlPath(req.url),
    scheme: details.scheme ?? ((req.socket as TLSSocket | undefined)?.encrypted ? 'https' : 'http'),
    host: req.headers.host,
    header(name) {
      const value = req.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(', ') : value;
    },
    route: details.route,
    frameworkSpanScope: details.frameworkSpanScope,
  };
}
