import { callSafely, requestTraceOf, traceNodeRequest, urlPath } from '@portobserve/core/adapter';
import type { RequestHandler } from 'express';
import { ignoreMatcher } from './ignore-matcher.js';
import { trackMatchedRoute } from './matched-route.js';
import type { OpenObserveMiddlewareOptions } from './middleware-options.js';

const ADAPTER = 'openobserveMiddleware()';

/**
 * Express middleware that gives each request a SERVER span (continuing an incoming `traceparent`,
 * named `{method} {route}`, ERROR on 5xx) and keeps its context active while the request is handled,
 * through body parsers and async handlers, so LLM calls made for the request are its children. The
 * span is recorded only when something needs it (an LLM call or any span under it, a value written to
 * it, a 5xx or an error), so a health check costs no export; `recordAllRequests: true` records every
 * request. The span ends once, when the response finishes or the connection closes. When a SERVER span is already active
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
  const ignoreOption = `${ADAPTER} option \`ignore\``;

  return function openobserveRequestSpan(req, res, next) {
    const path = urlPath(req.originalUrl || req.url);
    // Mounted twice (app and router): the first one already traces this request.
    if (requestTraceOf(req) || (isIgnored && callSafely(ignoreOption, () => isIgnored(req, path), false))) {
      next();
      return;
    }
    const details = {
      adapter: ADAPTER,
      path,
      scheme: req.protocol === 'https' ? ('https' as const) : ('http' as const),
      matchedRoute: trackMatchedRoute(req),
    };
    traceNodeRequest(req, res, details, options, () => next());
  };
}
