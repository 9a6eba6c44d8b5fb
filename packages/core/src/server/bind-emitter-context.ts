import type { EventEmitter } from 'node:events';
import { IncomingMessage, ServerResponse } from 'node:http';
import { type Context, context } from '@opentelemetry/api';
import { ensureNodeRequestRecord, nodeRequestRecord } from './node-request-records.js';

// `context.bind(ctx, emitter)` (the OpenTelemetry context manager's) puts eight patched methods and a
// patch map on each request and response object, and a WeakMap per event. Express and Node's http
// code read these objects all through a request, and the new shape of every one of them made a
// trivial Express route about 20% slower (measured in packages/bench). Here the add-listener methods
// of IncomingMessage and ServerResponse are patched once, on their prototypes, and the context of a
// bound request is kept in its record (node-request-records.ts, one symbol property); a response
// without a context of its own uses its request's, so binding a request and its response adds one
// property to the request and nothing to the response.
const PATCHED_KEY = Symbol.for('portobserve.emitter-contexts.patched.v2');

type Listener = (...args: unknown[]) => unknown;
type AddListener = (this: EventEmitter, event: string | symbol, listener: Listener) => EventEmitter;

/**
 * Makes the listeners added to `emitter` from now on run in `ctx`, as `context.bind(ctx, emitter)`
 * does: a body read in `req.on('end', ...)` still sees the request's span and LLM context. For Node's
 * `IncomingMessage` and `ServerResponse` (and subclasses) no method is added to the object (only the
 * request's record). Other
 * emitters are bound by the context manager.
 *
 * @example
 * ```ts
 * bindEmitterContext(requestContext, req);
 * req.on('end', () => portkey.chat.completions.create(body)); // a child of the request's span
 * ```
 */
export function bindEmitterContext(ctx: Context, emitter: EventEmitter): void {
  if (emitter instanceof IncomingMessage) {
    patchPrototype(IncomingMessage.prototype, contextOfRequest);
    patchPrototype(ServerResponse.prototype, contextOfResponse);
    ensureNodeRequestRecord(emitter).context = ctx;
  } else if (emitter instanceof ServerResponse) {
    patchPrototype(ServerResponse.prototype, contextOfResponse);
    // Its request is bound to the same context already: nothing to keep.
    if (nodeRequestRecord(emitter.req)?.context !== ctx) ensureNodeRequestRecord(emitter).context = ctx;
  } else {
    context.bind(ctx, emitter);
  }
}

function contextOfRequest(emitter: EventEmitter): Context | undefined {
  return nodeRequestRecord(emitter)?.context;
}

function contextOfResponse(emitter: EventEmitter): Context | undefined {
  return nodeRequestRecord(emitter)?.context ?? nodeRequestRecord((emitter as ServerResponse).req)?.context;
}

function patchPrototype(prototype: object, contextOf: (emitter: EventEmitter) => Context | undefined): void {
  const methods = prototype as Record<string | symbol, unknown>;
  if (Object.hasOwn(methods, PATCHED_KEY)) return;
  Object.defineProperty(methods, PATCHED_KEY, { value: true });
  // The inherited methods (Readable's or EventEmitter's), read before they are shadowed.
  const on = methods.on as AddListener;
  const prepend = methods.prependListener as AddListener;
  const once = methods.once as AddListener;
  const prependOnce = methods.prependOnceListener as AddListener;
  const bound = (add: AddListener, original: AddListener, isOnce: boolean): AddListener =>
    function addListener(this: EventEmitter, event, listener) {
      const ctx = contextOf(this);
      if (ctx === undefined || typeof listener !== 'function') return original.call(this, event, listener);
      return add.call(this, event, inContext(ctx, event, listener, isOnce));
    };
  const patched = {
    on: bound(on, on, false),
    addListener: bound(on, on, false),
    prependListener: bound(prepend, prepend, false),
    once: bound(on, once, true),
    prependOnceListener: bound(prepend, prependOnce, true),
  };
  for (const [name, method] of Object.entries(patched)) {
    Object.defineProperty(methods, name, { value: method, writable: true, configurable: true });
  }
}

/**
 * `listener` run in `ctx`. Its `listener` property is the original, as on Node's own once-wrappers, so
 * `removeListener(event, listener)` and `listeners(event)` see the original.
 */
function inContext(ctx: Context, event: string | symbol, listener: Listener, once: boolean): Listener {
  const wrapped = once
    ? function onceInContext(this: EventEmitter, ...args: unknown[]) {
        this.removeListener(event, wrapped);
        return context.with(ctx, listener, this, ...args);
      }
    : function inRequestContext(this: unknown, ...args: unknown[]) {
        return context.with(ctx, listener, this, ...args);
      };
  (wrapped as Listener & { listener?: Listener }).listener = listener;
  return wrapped;
}
