import { diag } from '@opentelemetry/api';
import { flushTraces } from '@portobserve/core';
import { type RequestTrace, whenFrameworkRootEnds } from '@portobserve/core/adapter';

type After = (task: () => Promise<void>) => void;

let afterLoaded: Promise<After | undefined> | undefined;

/**
 * `after` from `next/server` (Next.js 15.1+), loaded on first use so that nothing here is evaluated
 * before Next.js runs the route; `undefined` where it is missing.
 */
export function loadAfter(): Promise<After | undefined> {
  afterLoaded ??= import('next/server').then(
    (nextServer: { after?: unknown; default?: { after?: unknown } }) => {
      const after = nextServer.after ?? nextServer.default?.after;
      return typeof after === 'function' ? (after as After) : undefined;
    },
    // Not bundled by Next.js (plain Node.js cannot resolve 'next/server' without '.js'): flush without it.
    (error: unknown) => {
      diag.debug('portobserve: next/server could not be loaded; spans are flushed without after()', error);
      return undefined;
    },
  );
  return afterLoaded;
}

/**
 * The longest a flush waits for Next.js to end its own request span (`POST /api/chat`), which it does
 * just after the response has been written; the spans go without it after that.
 */
const NEXT_ROOT_SPAN_WAIT_MS = 1000;

/**
 * Flushes the spans once the request's trace has ended (the response has been sent, a streamed body
 * included, and Next.js has ended its own request span), so they reach OpenObserve before a serverless
 * function freezes. Through `after()` when Next.js provides a request scope for it, which keeps the
 * function alive until the flush is over; else right away.
 */
export function scheduleFlush(after: After | undefined, trace: RequestTrace): void {
  const task = (): Promise<void> =>
    trace.ended.then(() => whenFrameworkRootEnds(trace.span, NEXT_ROOT_SPAN_WAIT_MS)).then(flushTraces);
  if (after) {
    try {
      after(task);
      return;
    } catch (error) {
      // No request scope for after() (Pages Router, tests, a custom server): flush without it.
      diag.debug('portobserve: after() is not available here; flushing when the response ends', error);
    }
  }
  void task();
}
