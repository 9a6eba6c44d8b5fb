import { context } from '@opentelemetry/api';
import { attachLLMContext, contextWithLLMContext, startServerSpan } from '@portobserve/core';
import type { RequestHandler } from 'express';
import { requestInfo, requestPath } from './express-request.js';
import { ignoreMatcher } from './ignore-matcher.js';
import { trackMatchedRoute } from './matched-route.js';
import type { OpenObserveMiddlewareOptions } from './middleware-options.js';
import { getRequestSpan, setRequestSpan } from './request-span.js';

/**
 * Express middleware that makes every request a SERVER span (continuing an incoming `traceparent`,
 * named `{method} {route}`, ERROR on 5xx) and keeps it active while the request is handled, through
 * body parsers and async handlers, so LLM calls made for the request are its children. The span ends
 * once, when the response finishes or the connection closes. When a SERVER span is already active
 * (`@opentelemetry/instrumentation-http`), that span is enriched instead of making a second one.
 * Mount it first; add {@link openobserveErrorHandler} after your routes to record exceptions.
 * Works with Express 4 and 5.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { openobserveInit } from '@portobserve/core';
 * import { openobserveErrorHandler, openobserveMiddleware } from '@portobserve/express';
 *
 * openobserveInit();
 * const app = express();
 * app.use(openobserveMiddleware({ ignore: ['/health'], context: (req) => ({ userId: req.get('x-user-id') }) }));
 * app.use(express.json());
 * app.post('/chat', async (req, res) => res.json(await answer(req.body)));
 * app.use(openobserveErrorHandler());
 * ```
 */
export function openobserveMiddleware(options: OpenObserveMiddlewareOptions = {}): RequestHandler {
  const isIgnored = ignoreMatcher(options.ignore);
  const spanOptions = { recordRequestHeaders: options.recordRequestHeaders };

  return function openobserveRequestSpan(req, res, next) {
    const path = requestPath(req);
    // Mounted twice (app and router): the first one already traces this request.
    if (getRequestSpan(req) || safely(() => isIgnored(req, path), false)) {
      next();
      return;
    }
    const request = startServerSpan(requestInfo(req, path), spanOptions);
    setRequestSpan(req, request);
    const matchedRoute = trackMatchedRoute(req);

    const end = (): void => {
      const route = matchedRoute();
      if (route) request.setRoute(route);
      // `close` without `finish`: the client went away, or the handler never answered.
      const clientAborted = !res.writableFinished;
      request.end(res.headersSent ? res.statusCode : undefined, { clientAborted });
    };
    res.once('finish', end);
    // First in line: instrumentation-http ends its span (the one we enrich) in its own `close` listener.
    res.prependOnceListener('close', end);

    const llmContext = options.context ? safely(() => options.context?.(req), undefined) : undefined;
    const requestContext = llmContext ? contextWithLLMContext(request.context, llmContext) : request.context;
    // When instrumentation-http bound req first, our bind below is ignored: code resuming in the
    // request stream's callbacks then finds the LLM context through the span instead.
    if (llmContext && !request.ownsSpan) attachLLMContext(request.span, llmContext);
    // body-parser and other stream-driven middleware resume in the stream's callbacks, which lose
    // the async context: bind the request and response to it, as @opentelemetry/instrumentation-http does.
    context.bind(requestContext, req);
    context.bind(requestContext, res);
    context.with(requestContext, next);
  };
}

/** Tracing options never break a request: a throwing `ignore` or `context` callback is reported and skipped. */
function safely<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (error) {
    console.warn('[portobserve] an openobserveMiddleware() option callback threw; it was skipped:', error);
    return fallback;
  }
}
