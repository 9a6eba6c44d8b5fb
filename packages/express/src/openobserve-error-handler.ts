import { requestTraceOf } from '@portobserve/core/adapter';
import type { ErrorRequestHandler } from 'express';

/**
 * Express error middleware that records the error (exception event, status ERROR) on the request's
 * span and passes it on with `next(err)`, so your own error handlers and Express's still answer.
 * Errors that carry a 4xx `status` / `statusCode` (a bad request, not a server fault) are not recorded.
 * Mount it after your routes and before your own error handlers. Express 5 forwards rejected promises
 * from async handlers here; Express 4 forwards only errors thrown synchronously or passed to `next`.
 *
 * @example
 * ```ts
 * import { openobserveErrorHandler, openobserveMiddleware } from '@portobserve/express';
 *
 * app.use(openobserveMiddleware());
 * app.get('/orders/:id', async (req, res) => res.json(await loadOrder(req.params.id)));
 * app.use(openobserveErrorHandler());
 * app.use((err, req, res, next) => res.status(500).json({ error: 'internal' }));
 * ```
 */
export function openobserveErrorHandler(): ErrorRequestHandler {
  return function openobserveRecordError(err, req, _res, next) {
    if (!isClientError(err)) requestTraceOf(req)?.span.recordError(err);
    next(err);
  };
}

function isClientError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
  const code = typeof status === 'number' ? status : statusCode;
  return typeof code === 'number' && code >= 400 && code < 500;
}
