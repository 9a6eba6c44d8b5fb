import { context, DiagLogLevel, diag, propagation, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { FakeOpenAI } from '@portobserve/testkit';
import type OpenAI from 'openai';
import { expect } from 'vitest';

/** What the OpenTelemetry SDK complains about when a span is ended twice or written after its end. */
const LIFETIME_PROBLEM = /only call end\(\) on a span once|on ended Span|Invalid attribute/;

/**
 * A global tracer provider that keeps finished spans in memory and also watches their lifetime:
 * spans started but never ended, and the SDK's own complaints about a second `end()` or a write
 * after the end (both mean a span did not end exactly once).
 */
export function startTracing() {
  const exporter = new InMemorySpanExporter();
  const open = new Map<string, string>();
  const diagnostics: string[] = [];
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
    spanProcessors: [lifetime, new SimpleSpanProcessor(exporter)],
  });
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
    spans,
    /** Finished spans with this name. */
    named: (name: string): ReadableSpan[] => spans().filter((span) => span.name === name),
    /** Names of spans started and not yet ended. */
    openSpans: (): string[] => [...open.values()],
    /** Forget finished spans, diagnostics and spans left open (each test reports its own leaks). */
    reset(): void {
      exporter.reset();
      diagnostics.length = 0;
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
      diag.disable();
    },
  };
}

export type Tracing = ReturnType<typeof startTracing>;

/** Polls `condition` every 5 ms until it holds; throws `describe()` after `timeoutMs`. */
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

/** Lets pending timers, promise jobs and I/O callbacks run (a few event-loop turns, ~20 ms). */
export async function settle(): Promise<void> {
  for (let turn = 0; turn < 4; turn++) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Everything a span carries as one string: attributes, events, status, name. For "never contains" checks. */
export function spanText(span: ReadableSpan): string {
  return JSON.stringify({
    name: span.name,
    attributes: span.attributes,
    events: span.events.map((event) => ({ name: event.name, attributes: event.attributes })),
    status: span.status,
    resource: span.resource.attributes,
  });
}

/** Attribute keys of a span that start with `prefix`. */
export function keysWithPrefix(span: ReadableSpan, prefix: string): string[] {
  return Object.keys(span.attributes).filter((key) => key.startsWith(prefix));
}

/** The only finished span, failing when there is not exactly one. */
export function onlySpan(spans: readonly ReadableSpan[]): ReadableSpan {
  expect(spans.map((span) => span.name)).toHaveLength(1);
  return spans[0]!;
}

/** The only finished span, which ended OK. */
export function onlyOkSpan(spans: readonly ReadableSpan[]): ReadableSpan {
  const span = onlySpan(spans);
  expect(span.status.code).toBe(SpanStatusCode.OK);
  return span;
}

/** The only finished span, which ended as an error: of this `error.type`, when given. */
export function onlyErrorSpan(spans: readonly ReadableSpan[], errorType?: string): ReadableSpan {
  const span = onlySpan(spans);
  expect(span.status.code).toBe(SpanStatusCode.ERROR);
  if (errorType !== undefined) expect(span.attributes['error.type']).toBe(errorType);
  return span;
}

/** Waits until the client aborted the first request the fake upstream received. */
export function waitForUpstreamAbort(fake: FakeOpenAI): Promise<void> {
  return waitFor(
    () => fake.requests[0]?.aborted === true,
    2000,
    () => 'upstream request never aborted',
  );
}

/** Reads a streamed chat completion to its end; the text of its deltas. */
export async function streamedText(
  stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>,
): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
  return text;
}

/** A strict structured-output schema of `{ name: string }`: the fake answers `{"name":"sample"}`. */
export const nameSchema = {
  name: 'city',
  strict: true,
  schema: {
    type: 'object',
    properties: { name: { type: 'string' } },
    required: ['name'],
    additionalProperties: false,
  },
};

/** A user message. */
export function user(content: string) {
  return { role: 'user' as const, content };
}

/** Long enough answer text that a slow stream has many chunks. */
export function manyWords(count: number): string {
  return Array.from({ length: count }, (_, index) => `word${index}`).join(' ');
}

/** A message of `gen_ai.input.messages` / `gen_ai.output.messages` (role + content, OpenAI's chat shape). */
export interface RecordedMessage {
  role: string;
  content: unknown;
  name?: string;
  tool_call_id?: string;
  tool_calls?: Array<{ id?: string; type: string; function: { name?: string; arguments?: string } }>;
  finish_reason?: string;
}

/** The parsed `gen_ai.input.messages` or `gen_ai.output.messages` of a span (failing when absent). */
export function recordedMessages(span: ReadableSpan, side: 'input' | 'output'): RecordedMessage[] {
  const json = span.attributes[`gen_ai.${side}.messages`];
  expect(typeof json, `gen_ai.${side}.messages is a JSON string`).toBe('string');
  return JSON.parse(json as string) as RecordedMessage[];
}

/** The text of the first answer message in `gen_ai.output.messages`. */
export function outputText(span: ReadableSpan): unknown {
  return recordedMessages(span, 'output')[0]?.content;
}
