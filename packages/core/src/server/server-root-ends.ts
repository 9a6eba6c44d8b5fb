import { type Context, SpanKind } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ServerRequestSpan } from './start-server-span.js';

/**
 * The SERVER spans that start a trace in this process (a framework's request span, such as Next.js's
 * `POST /api/chat`) and have not ended yet, by span id (two requests can share a trace id: an incoming
 * `traceparent` reused), with who waits for their end. Shared by every copy of core in the process (the
 * processor may come from one, the adapter from another). Bounded: a span that never ends is forgotten
 * once this many newer ones started.
 */
interface OpenServerRoots {
  open: Map<string, Array<() => void>>;
}

const MAX_OPEN_ROOTS = 4096;
const REGISTRY = Symbol.for('portobserve.open-server-roots');
const holder = globalThis as Record<symbol, OpenServerRoots | undefined>;
holder[REGISTRY] ??= { open: new Map() };
const registry: OpenServerRoots = holder[REGISTRY];

/**
 * Notes a span that starts: a SERVER span without a local parent is watched until it ends. Called by
 * the OpenObserve span processor for every span; cheap for the rest (one comparison).
 */
export function noteSpanStart(span: Span): void {
  if (span.kind !== SpanKind.SERVER) return;
  const parent = span.parentSpanContext;
  if (parent && !parent.isRemote) return;
  const { open } = registry;
  if (open.size >= MAX_OPEN_ROOTS) {
    const oldest = open.keys().next().value as string;
    release(oldest);
  }
  open.set(span.spanContext().spanId, []);
}

/** Notes a span that ended: those waiting for it, if it was a watched root, go on. */
export function noteSpanEnd(span: ReadableSpan): void {
  if (span.kind !== SpanKind.SERVER || registry.open.size === 0) return;
  const parent = span.parentSpanContext;
  if (parent && !parent.isRemote) return;
  release(span.spanContext().spanId);
}

function release(spanId: string): void {
  const waiters = registry.open.get(spanId);
  registry.open.delete(spanId);
  if (waiters) for (const resume of waiters) resume();
}

/**
 * Settles when the SERVER span `spanId`, one that started a trace in this process, has ended: at once
 * when no such span is open (or no OpenObserve processor watches), and at the latest after
 * `timeoutMs`. For adapters whose framework ends its own request span after the response (Next.js),
 * so a flush takes it along.
 *
 * @example
 * ```ts
 * await whenServerRootEnds(handlerSpan.parentSpanContext.spanId, 1000);
 * await flushTraces();
 * ```
 */
export function whenServerRootEnds(spanId: string, timeoutMs: number): Promise<void> {
  const waiters = registry.open.get(spanId);
  if (!waiters) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    timer.unref?.();
    waiters.push(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Settles once the framework's SERVER span above a request's span has ended, when the request's span
 * is the framework's (Next.js's route span `executing api route`, under its `POST /api/chat`, which
 * Next.js ends just after the response); at once when the request's span is ours (it ended with the
 * request) or its parent is not a span of this process. At the latest after `timeoutMs`.
 *
 * @example
 * ```ts
 * await trace.ended;
 * await whenFrameworkRootEnds(trace.span, 1000);
 * await flushTraces();
 * ```
 */
export function whenFrameworkRootEnds(request: ServerRequestSpan, timeoutMs: number): Promise<void> {
  if (request.ownsSpan) return Promise.resolve();
  // An SDK span knows its parent (`ReadableSpan.parentSpanContext`); the API's Span does not say.
  const parent = (request.span as { parentSpanContext?: { spanId?: unknown; isRemote?: unknown } })
    .parentSpanContext;
  if (!parent || parent.isRemote === true || typeof parent.spanId !== 'string') return Promise.resolve();
  return whenServerRootEnds(parent.spanId, timeoutMs);
}

/**
 * The same watch as a span processor of its own, for a tracer provider without the OpenObserve
 * processor (which watches already).
 *
 * @example
 * ```ts
 * new NodeTracerProvider({ spanProcessors: [serverRootWatch, new SimpleSpanProcessor(exporter)] });
 * ```
 */
export const serverRootWatch: SpanProcessor = {
  onStart(span: Span, _parentContext: Context) {
    noteSpanStart(span);
  },
  onEnd: noteSpanEnd,
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};
