import { context, DiagLogLevel, diag, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { expect } from 'vitest';

/** What the OpenTelemetry SDK complains about when a span is ended twice or written after its end. */
const LIFETIME_PROBLEM = /only call end\(\) on a span once|on ended Span|Invalid attribute/;

/**
 * The one tracing harness of the repository's tests (core and the adapters): a global tracer provider
 * (with the AsyncLocalStorage context manager and W3C propagation) that keeps finished spans in memory,
 * and watches their lifetime: spans started but never ended, and the SDK's own complaints about a
 * second `end()` or a write after the end (both mean a span did not end exactly once). It also counts
 * `forceFlush()` calls (`flushTraces()` goes through it) and keeps what reached the `diag` logger.
 * `spanProcessors` are added before the exporter (core's `serverRootWatch`, as the OpenObserve
 * processor watches).
 *
 * @example
 * ```ts
 * const tracing = startTracing();
 * afterEach(() => tracing.checkAndReset());
 * afterAll(() => tracing.stop());
 * ```
 */
export function startTracing(options: { spanProcessors?: SpanProcessor[] } = {}) {
  const exporter = new InMemorySpanExporter();
  const open = new Map<string, string>();
  const diagnostics: string[] = [];
  const flushes: number[] = [];
  const lifetime: SpanProcessor = {
    onStart(span) {
      open.set(span.spanContext().spanId, span.name);
    },
    onEnd(span) {
      open.delete(span.spanContext().spanId);
    },
    forceFlush: async () => {},
    shutdown: async () => {},
  };
  const provider = new NodeTracerProvider({
    spanProcessors: [lifetime, ...(options.spanProcessors ?? []), new SimpleSpanProcessor(exporter)],
  });
  const forceFlush = provider.forceFlush.bind(provider);
  provider.forceFlush = () => {
    flushes.push(exporter.getFinishedSpans().length);
    return forceFlush();
  };
  trace.disable();
  context.disable();
  propagation.disable();
  diag.disable();
  const record = (...args: unknown[]) => diagnostics.push(args.map(String).join(' '));
  diag.setLogger(
    { error: record, warn: record, info: () => {}, debug: () => {}, verbose: () => {} },
    DiagLogLevel.WARN,
  );
  provider.register({ contextManager: new AsyncLocalStorageContextManager() });

  const spans = (): ReadableSpan[] => exporter.getFinishedSpans();
  return {
    exporter,
    provider,
    spans,
    /** Finished spans with this name. */
    named: (name: string): ReadableSpan[] => spans().filter((span) => span.name === name),
    /** Names of spans started and not yet ended. */
    openSpans: (): string[] => [...open.values()],
    /** For each `forceFlush()` of the provider so far: how many spans had ended when it was called. */
    flushes,
    /** What reached the `diag` logger at warn or error since the last reset, one line per call. */
    diagnostics: (): readonly string[] => diagnostics,
    /** Forget finished spans, flushes, diagnostics and spans left open (each test reports its own leaks). */
    reset(): void {
      exporter.reset();
      diagnostics.length = 0;
      flushes.length = 0;
      open.clear();
    },
    /** For `afterEach`: {@link expectSettled}, then {@link reset} even when it failed. */
    async checkAndReset(): Promise<void> {
      try {
        await this.expectSettled();
      } finally {
        this.reset();
      }
    },
    /** Waits until at least `count` spans have ended (spans end asynchronously after a stream closes). */
    async waitForSpans(count: number, timeoutMs = 5000): Promise<ReadableSpan[]> {
      await waitFor(
        () => spans().length >= count,
        timeoutMs,
        () => `expected ${count} spans, got ${spans().length}`,
      );
      return spans();
    },
    /**
     * Every started span has ended, each exactly once, and `expected` spans were exported (when given):
     * no span left open, no duplicate span id, no SDK complaint about a second `end()`.
     */
    async expectSettled(expected?: number): Promise<ReadableSpan[]> {
      await waitFor(
        () => open.size === 0,
        5000,
        () => `spans never ended: ${[...open.values()].join(', ')}`,
      );
      // A span that would end twice does so right after its first end: give it a few turns to show up.
      await settle();
      const finished = spans();
      const ids = finished.map((span) => span.spanContext().spanId);
      expect(new Set(ids).size, 'no span is exported twice').toBe(ids.length);
      expect(diagnostics.filter((line) => LIFETIME_PROBLEM.test(line))).toEqual([]);
      expect(open.size).toBe(0);
      if (expected !== undefined) expect(finished.map((span) => span.name)).toHaveLength(expected);
      return finished;
    },
    async stop(): Promise<void> {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
      diag.disable();
    },
  };
}

/**
 * What {@link startTracing} returns.
 *
 * @example
 * ```ts
 * let tracing: Tracing;
 * beforeAll(() => { tracing = startTracing(); });
 * ```
 */
export type Tracing = ReturnType<typeof startTracing>;

/**
 * Polls `condition` every 5 ms until it holds; throws `describe()` after `timeoutMs`.
 *
 * @example
 * ```ts
 * await waitFor(() => tracing.flushes.length > 0, 2000, () => 'never flushed');
 * ```
 */
export async function waitFor(
  condition: () => boolean,
  timeoutMs = 5000,
  describe: () => string = () => 'condition never held',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Lets pending timers, promise jobs and I/O callbacks run (a few event-loop turns, ~20 ms).
 *
 * @example
 * ```ts
 * await settle();
 * expect(tracing.spans()).toHaveLength(0);
 * ```
 */
export async function settle(): Promise<void> {
  for (let turn = 0; turn < 4; turn++) await new Promise((resolve) => setTimeout(resolve, 5));
}
