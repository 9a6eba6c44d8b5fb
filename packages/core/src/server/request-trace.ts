import type { ServerRequestSpan } from './start-server-span.js';

/**
 * One request being traced by an adapter helper (`traceNodeRequest`, `traceFetchRequest`): its span,
 * and when that span ended.
 *
 * @example
 * ```ts
 * traceNodeRequest(req, res, { adapter: 'myMiddleware()' }, options, (trace) => {
 *   void trace.ended.then(() => flushTraces());
 *   next();
 * });
 * ```
 */
export interface RequestTrace {
  readonly span: ServerRequestSpan;
  /** Settles once the request's span has ended: the response was sent, failed or was abandoned. */
  readonly ended: Promise<void>;
}

/**
 * What a helper needs to know about the adapter calling it.
 *
 * @example
 * ```ts
 * const details: AdapterDetails = { adapter: 'withOpenObserve()', frameworkSpanScope: 'next.js' };
 * ```
 */
export interface AdapterDetails {
  /** The adapter's name as users call it (`openobserveMiddleware()`), for messages about its options. */
  adapter: string;
  /** The route pattern when known up front (`/api/chat/[id]`). */
  route?: string;
  /** See `ServerRequestInfo.frameworkSpanScope`. */
  frameworkSpanScope?: string;
  /**
   * Thrown values that are control flow, not failures (Next.js `redirect()`, `notFound()`): the status
   * they answer with, or `undefined` for a real error. They are rethrown without being recorded.
   */
  controlFlow?: (thrown: unknown) => { status: number | undefined } | undefined;
}

/** A span wrapper whose `end` also settles `ended` (made only when read: most adapters never do). */
export function requestTrace(span: ServerRequestSpan): RequestTrace & { end: ServerRequestSpan['end'] } {
  return new EndingRequestTrace(span);
}

// A class, not an object literal: a literal with a getter is built by a slow runtime call, once per
// request.
class EndingRequestTrace implements RequestTrace {
  #done = false;
  #settle: (() => void) | undefined;
  #ended: Promise<void> | undefined;

  constructor(readonly span: ServerRequestSpan) {}

  get ended(): Promise<void> {
    this.#ended ??= this.#done
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          this.#settle = resolve;
        });
    return this.#ended;
  }

  end(statusCode: number | undefined, outcome?: { clientAborted?: boolean }): void {
    this.span.end(statusCode, outcome);
    this.#done = true;
    this.#settle?.();
  }
}
