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
import { DeferredSpan } from './deferred-span.js';
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
  /**
   * Calls `callback` once the span is being recorded: at once for a span that is not deferred, or when
   * a deferred one comes into being (for work only a recorded span needs, such as watching for an
   * abandoned response). Never called for a deferred span that nothing needed.
   */
  whenRecording(callback: () => void): void;
}

/**
 * Starts (or finds) the SERVER span for an incoming request: when the framework's own span is active
 * (`info.frameworkSpanScope`), that one is the request's span; when a SERVER span is already active
 * (`@opentelemetry/instrumentation-http`), it is enriched instead of making a second one; otherwise a
 * new one continues the incoming `traceparent`. That new one is deferred: it is recorded only when
 * something happens under it or the request fails, unless `recordAllRequests` is set (see
 * {@link ServerSpanOptions.recordAllRequests}). Names and attributes follow the current HTTP semantic
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
  if (frameworkSpan) {
    // The framework records the rest of the request; the headers asked for are ours to add.
    const headers = allowlistedHeaders(info, options);
    if (headers) frameworkSpan.setAttributes(headerAttributes(headers));
    return frameworkRequestSpan(frameworkSpan, active);
  }
  const method = info.method.toUpperCase();
  const existing = trace.getSpan(active);
  const ownsSpan = !(existing && isServerSpan(existing));

  let span: Span;
  let requestContext: Context;
  // Ours: deferred, so that a request nothing happens under exports nothing (see DeferredSpan).
  let deferred: DeferredSpan | undefined;
  let route = info.route;
  if (ownsSpan) {
    const parentContext = propagation.extract(existing ? active : ROOT_CONTEXT, info, headerGetter);
    // The strings are read now, so the deferred span holds no reference to the request (`info.header`
    // reads it): work left running in the request's context keeps the span, not the request. The
    // attributes are made only if the span is.
    const facts = requestFacts(info, method, options);
    const tracerProvider = options.tracerProvider;
    deferred = new DeferredSpan((startTime) => {
      const attributes = requestAttributes(facts, route);
      return (tracerProvider ?? trace.getTracerProvider())
        .getTracer('@portobserve/core', CORE_VERSION)
        .startSpan(
          route ? `${method} ${route}` : method,
          { kind: SpanKind.SERVER, attributes, startTime },
          parentContext,
        );
    });
    if (options.recordAllRequests === true) deferred.materialize();
    span = deferred;
    requestContext = trace.setSpan(parentContext, span);
  } else {
    span = existing as Span;
    span.setAttributes(requestAttributes(requestFacts(info, method, options), info.route));
    requestContext = active;
  }

  let ended = false;
  let errorRecorded = false;
  return {
    span,
    context: requestContext,
    ownsSpan,
    setRoute(matched) {
      if (ended || !matched) return;
      if (deferred) {
        route = matched;
        if (!deferred.materialized) return; // the span, if it comes to be, starts with it
        span.setAttribute('http.route', matched);
        span.updateName(`${method} ${matched}`);
        return;
      }
      span.setAttribute('http.route', matched);
      // instrumentation-http names its span from this at the end, as it does for instrumentation-express.
      const rpc = getRPCMetadata(requestContext);
      if (rpc?.type === RPCType.HTTP) rpc.route = matched;
    },
    recordError(error) {
      if (ended) return;
      errorRecorded = true;
      recordError(span, error);
    },
    end(statusCode, outcome) {
      if (ended) return;
      ended = true;
      const serverError = statusCode !== undefined && statusCode >= 500;
      const finish = (target: Span, endTime?: number): void => {
        if (statusCode !== undefined) target.setAttribute('http.response.status_code', statusCode);
        if (serverError) {
          // HTTP conventions: once a status was sent, error.type is that status. A recorded exception
          // already set ERROR with its message: keep the message.
          target.setAttribute('error.type', String(statusCode));
          if (!errorRecorded) target.setStatus({ code: SpanStatusCode.ERROR });
        }
        if (outcome?.clientAborted) target.setAttribute('portobserve.request.client_aborted', true);
        if (ownsSpan) target.end(endTime);
      };
      // Nothing happened under our span and the request did not fail: no span, unless a child started
      // later (work left running after the answer) needs one; that one ends as the request did.
      if (deferred && !deferred.materialized && !serverError && !errorRecorded) {
        const endTime = performance.now();
        deferred.seal((real) => finish(real, endTime));
        return;
      }
      finish(span);
    },
    whenRecording(callback) {
      if (deferred) deferred.whenCreated(callback);
      else callback();
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

/** What the request span records of a request, read from it at once (strings only). */
interface RequestFacts {
  method: string;
  path: string;
  scheme: string | undefined;
  host: string | undefined;
  userAgent: string | undefined;
  /** `[name, value]` of the allowlisted headers present; undefined when none are listed. */
  headers: [string, string][] | undefined;
}

/** `[name, value]` of the `recordRequestHeaders` present, never a secret one; undefined when none. */
function allowlistedHeaders(
  info: ServerRequestInfo,
  options: ServerSpanOptions,
): [string, string][] | undefined {
  let headers: [string, string][] | undefined;
  for (const name of options.recordRequestHeaders ?? []) {
    const lower = name.toLowerCase();
    if (SECRET_HEADERS.has(lower)) continue;
    const value = info.header(lower);
    if (value === undefined) continue;
    headers ??= [];
    headers.push([lower, value]);
  }
  return headers;
}

/** `http.request.header.<name>`, a list of values, as the HTTP conventions have it. */
function headerAttributes(headers: [string, string][]): Attributes {
  const attributes: Attributes = {};
  for (const [name, value] of headers) attributes[`http.request.header.${name}`] = [value];
  return attributes;
}

function requestFacts(info: ServerRequestInfo, method: string, options: ServerSpanOptions): RequestFacts {
  return {
    method,
    path: info.path,
    scheme: info.scheme,
    host: info.host,
    userAgent: info.header('user-agent'),
    headers: allowlistedHeaders(info, options),
  };
}

function requestAttributes(facts: RequestFacts, route: string | undefined): Attributes {
  const attributes: Attributes = { 'http.request.method': facts.method, 'url.path': facts.path };
  if (facts.scheme) attributes['url.scheme'] = facts.scheme;
  if (route) attributes['http.route'] = route;
  if (facts.host) {
    const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(facts.host);
    if (match?.[1]) attributes['server.address'] = match[1];
    if (match?.[2]) attributes['server.port'] = Number(match[2]);
  }
  if (facts.userAgent) attributes['user_agent.original'] = facts.userAgent;
  return facts.headers ? Object.assign(attributes, headerAttributes(facts.headers)) : attributes;
}
