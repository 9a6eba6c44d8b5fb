import type { IncomingMessage } from 'node:http';
import type { Context } from '@opentelemetry/api';
import type { RequestTrace } from './request-trace.js';

/**
 * What core keeps about one `node:http` request while it is traced: one record per request, under one
 * symbol property of the request, so a trivial route pays for one property, not one per concern. The
 * same property on every request keeps requests of one shape (Express's and Node's code that reads
 * them stays fast); a WeakMap entry per concern measured slower (packages/bench,
 * src/express-paired.mjs: on Node 24, +40 µs per request against +14 µs with the property).
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
  /** Where `frameworkRoute` was mounted when it was set (Express's `req.baseUrl` then). */
  frameworkRouteBase?: string;
  /** Each mount path the request entered, with its pattern (`['/t/acme', '/t/:tenant']`; Express's routers). */
  frameworkMounts?: Array<readonly [actual: string, template: string]>;
}

// The same key for every copy of core in the process (ESM and CJS builds), so each finds what another kept.
const RECORD = Symbol.for('portobserve.node-request-record');
type WithRecord = { [RECORD]?: NodeRequestRecord };

/**
 * The record of `request` (an `IncomingMessage`, or a response bound on its own), if it has one.
 *
 * @example
 * ```ts
 * const traced = nodeRequestRecord(req)?.trace !== undefined;
 * ```
 */
export function nodeRequestRecord(request: object | undefined): NodeRequestRecord | undefined {
  return (request as WithRecord | undefined)?.[RECORD];
}

/** The record of `request`, made now when it has none (internal: adapters only read records). */
export function ensureNodeRequestRecord(request: object): NodeRequestRecord {
  const holder = request as WithRecord;
  let record = holder[RECORD];
  if (record === undefined) {
    record = {};
    // Not enumerable: `console.log(req)`, spreads and clones of the request do not show or copy it.
    Object.defineProperty(holder, RECORD, { value: record, writable: true, configurable: true });
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
  return nodeRequestRecord(request)?.trace;
}
