import type { ServerRequestSpan } from '@portobserve/core/adapter';
import type { Request } from 'express';

// One map shared by every copy of this package (ESM and CJS builds), so the error handler of one copy
// finds the span the middleware of another kept for the request. A map, not a property: a property
// added to every request changes its shape, which slows down all the code that reads it.
const REQUEST_SPANS = Symbol.for('portobserve.express.request-spans');
const globals = globalThis as { [REQUEST_SPANS]?: WeakMap<Request, ServerRequestSpan> };
const spans = globals[REQUEST_SPANS] ?? new WeakMap<Request, ServerRequestSpan>();
globals[REQUEST_SPANS] = spans;

/** Remembers the request's server span, for the error handler. */
export function setRequestSpan(req: Request, span: ServerRequestSpan): void {
  spans.set(req, span);
}

/** The server span the middleware started (or enriched) for this request, if any. */
export function getRequestSpan(req: Request): ServerRequestSpan | undefined {
  return spans.get(req);
}
