import {
  type Attributes,
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import { recordError } from '../mapping/record-error.js';
import { CORE_VERSION } from '../version.js';
import { activeFrameworkSpan, frameworkRequestSpan } from './framework-span.js';
import type { ServerRequestInfo, ServerSpanOptions } from './server-request.js';

/** Headers that can never be recorded, whatever the allowlist says. */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-portkey-api-key',
]);

/**
 * The server span of one request: ours, or the framework's / instrumentation-http's that we enrich.
 *
 * @example
 * ```ts
 * const request: ServerRequestSpan = startServerSpan(info);
 * request.setRoute('/chat/:id');
 * request.end(200);
 * ```
 */
export interface ServerRequestSpan {
  readonly span: Span;
  /** The context to run the request in: LLM spans started there are children of `span`. */
  readonly context: Context;
  /** False when another instrumentation owns the span (we only add attributes, never end it). */
  readonly ownsSpan: boolean;
  /** Sets `http.route` once a route matched, and names the span `{method} {route}`. */
  setRoute(route: string): void;
  /** Records an exception; the span's status becomes ERROR. */
  recordError(error: unknown): void;
  /** Sets the status code (ERROR on 5xx) and ends the span if it is ours. Only the first call counts. */
  end(statusCode: number | undefined, outcome?: { clientAborted?: boolean }): void;
}

/**
 * Starts (or finds) the SERVER span for an incoming request: when the framework's own span is active
 * (`info.frameworkSpanScope`), that one is the request's span; when a SERVER span is already active
 * (`@opentelemetry/instrumentation-http`), it is enriched instead of making a second one; otherwise a
 * new one continues the incoming `traceparent`. Names and attributes follow the current HTTP semantic
 * conventions.
 *
 * @example
 * ```ts
 * const request = startServerSpan({ method: 'POST', path: '/chat', header: (name) => headers[name] });
 * await context.with(request.context, () => handle());
 * request.end(200);
 * ```
 */
export function startServerSpan(info: ServerRequestInfo, options: ServerSpanOptions = {}): ServerRequestSpan {
  const active = context.active();
  const frameworkSpan = activeFrameworkSpan(active, info.frameworkSpanScope);
  if (frameworkSpan) return frameworkRequestSpan(frameworkSpan, active);
  const method = info.method.toUpperCase();
  const existing = trace.getSpan(active);
  const ownsSpan = !(existing && isServerSpan(existing));
  const attributes = requestAttributes(info, method, options);

  let span: Span;
  let requestContext: Context;
  if (ownsSpan) {
    const parentContext = propagation.extract(existing ? active : ROOT_CONTEXT, info, headerGetter);
    span = (options.tracerProvider ?? trace.getTracerProvider())
      .getTracer('@portobserve/core', CORE_VERSION)
      .startSpan(
        info.route ? `${method} ${info.route}` : method,
        { kind: SpanKind.SERVER, attributes },
        parentContext,
      );
    requestContext = trace.setSpan(parentContext, span);
  } else {
    span = existing as Span;
    span.setAttributes(attributes);
    requestContext = active;
  }

  let ended = false;
  let errorRecorded = false;
  return {
    span,
    context: requestContext,
    ownsSpan,
    setRoute(route) {
      if (ended || !route) return;
      span.setAttribute('http.route', route);
      if (ownsSpan) {
        span.updateName(`${method} ${route}`);
        return;
      }
      // instrumentation-http names its span from this at the end, as it does for instrumentation-express.
      const rpc = getRPCMetadata(requestContext);
      if (rpc?.type === RPCType.HTTP) rpc.route = route;
    },
    recordError(error) {
      if (ended) return;
      errorRecorded = true;
      recordError(span, error);
    },
    end(statusCode, outcome) {
      if (ended) return;
      ended = true;
      if (statusCode !== undefined) span.setAttribute('http.response.status_code', statusCode);
      if (statusCode !== undefined && statusCode >= 500) {
        // HTTP conventions: once a status was sent, error.type is that status. A recorded exception
        // already set ERROR with its message: keep the message.
        span.setAttribute('error.type', String(statusCode));
        if (!errorRecorded) span.setStatus({ code: SpanStatusCode.ERROR });
      }
      if (outcome?.clientAborted) span.setAttribute('portobserve.request.client_aborted', true);
      if (ownsSpan) span.end();
    },
  };
}

function isServerSpan(span: Span): boolean {
  return (span as unknown as { kind?: unknown }).kind === SpanKind.SERVER && span.isRecording();
}

const headerGetter = {
  keys: () => [],
  get: (carrier: ServerRequestInfo, key: string) => carrier.header(key),
};

function requestAttributes(info: ServerRequestInfo, method: string, options: ServerSpanOptions): Attributes {
  const attributes: Attributes = { 'http.request.method': method, 'url.path': info.path };
  if (info.scheme) attributes['url.scheme'] = info.scheme;
  if (info.route) attributes['http.route'] = info.route;
  const host = info.host;
  if (host) {
    const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host);
    if (match?.[1]) attributes['server.address'] = match[1];
    if (match?.[2]) attributes['server.port'] = Number(match[2]);
  }
  const userAgent = info.header('user-agent');
  if (userAgent) attributes['user_agent.original'] = userAgent;
  for (const name of options.recordRequestHeaders ?? []) {
    const lower = name.toLowerCase();
    if (SECRET_HEADERS.has(lower)) continue;
    const value = info.header(lower);
    if (value !== undefined) attributes[`http.request.header.${lower}`] = [value];
  }
  return attributes;
}
