import type { ServerRequestSpan } from '@portobserve/core/adapter';
import type { Request } from 'express';

// A symbol shared by every copy of this package (ESM and CJS builds), so the error handler of one copy
// finds the span the middleware of another put on the request.
const REQUEST_SPAN = Symbol.for('portobserve.express.request-span');

type RequestWithSpan = Request & { [REQUEST_SPAN]?: ServerRequestSpan };

/** Remembers the request's server span, for the error handler. */
export function setRequestSpan(req: Request, span: ServerRequestSpan): void {
  Object.defineProperty(req, REQUEST_SPAN, { value: span, configurable: true, enumerable: false });
}

/** The server span the middleware started (or enriched) for this request, if any. */
export function getRequestSpan(req: Request): ServerRequestSpan | undefined {
  return (req as RequestWithSpan)[REQUEST_SPAN];
}
