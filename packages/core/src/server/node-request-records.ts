import type { IncomingMessage } from 'node:http';
import type { Context } from '@opentelemetry/api';
import type { RequestTrace } from './request-trace.js';

/**
 * What core keeps about one `node:http` request while it is traced. One record per request, in one
 * WeakMap entry keyed by the request: a trivial route pays for one entry, not one per concern (each
 * entry costs an insertion and work in every garbage collection). Nothing is added to the request
 * itself: a new property on every request changes its shape, which slows down all the code that reads
 * it (Express's and Node's).
 *
 * @example
 * ```ts
 * const record: NodeRequestRecord | undefined = nodeRequestRecord(req);
 * if (record?.trace) record.trace.span.setRoute('/chat/:id');
 * ```
 */
export interface NodeRequestRecord {
  /** The context listeners added to the request (and its response) run in; see bindEmitterContext. */
  context?: Context;
  /** Called when Node publishes that the request's response finished; see watchResponseEnd. */
  onResponseFinish?: () => void;
  /** The adapter's trace of the request, for the adapter's other middleware (Express's error handler). */
  trace?: RequestTrace;
  /** A framework value an adapter keeps for the request in place of a property (Express's `req.route`). */
  frameworkRoute?: unknown;
}

// Shared by every copy of core in the process (ESM and CJS builds), so each finds what another kept.
const RECORDS_KEY = Symbol.for('portobserve.node-request-records.v2');
const globals = globalThis as { [RECORDS_KEY]?: WeakMap<object, NodeRequestRecord> };
const records = globals[RECORDS_KEY] ?? new WeakMap<object, NodeRequestRecord>();
globals[RECORDS_KEY] = records;

/**
 * The record of `request` (an `IncomingMessage`, or a response bound on its own), if it has one.
 *
 * @example
 * ```ts
 * const traced = nodeRequestRecord(req)?.trace !== undefined;
 * ```
 */
export function nodeRequestRecord(request: object | undefined): NodeRequestRecord | undefined {
  return request === undefined ? undefined : records.get(request);
}

/** The record of `request`, made now when it has none (internal: adapters only read records). */
export function ensureNodeRequestRecord(request: object): NodeRequestRecord {
  let record = records.get(request);
  if (record === undefined) {
    record = {};
    records.set(request, record);
  }
  return record;
}

/**
 * The trace an adapter started for this request (`traceNodeRequest`), whichever copy of core started
 * it; undefined when the request is not traced.
 *
 * @example
 * ```ts
 * // An Express error handler: record the error on the request's span.
 * const onError: ErrorRequestHandler = (err, req, _res, next) => {
 *   requestTraceOf(req)?.span.recordError(err);
 *   next(err);
 * };
 * ```
 */
export function requestTraceOf(request: IncomingMessage): RequestTrace | undefined {
  return records.get(request)?.trace;
}
