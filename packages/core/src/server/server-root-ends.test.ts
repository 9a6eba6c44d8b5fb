import { context, SpanKind, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { serverRootWatch, whenServerRootEnds } from './server-root-ends.js';

const tracer = new BasicTracerProvider({
  spanProcessors: [serverRootWatch, new SimpleSpanProcessor(new InMemorySpanExporter())],
}).getTracer('test');

/** Whether `promise` settled before the event loop went round once. */
async function settledAtOnce(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(() => {
    settled = true;
  });
  await new Promise((resolve) => setImmediate(resolve));
  return settled;
}

/** A context whose span is a remote parent, as an incoming `traceparent` gives. */
function remoteParent(traceId: string, spanId: string) {
  return trace.setSpanContext(context.active(), { traceId, spanId, traceFlags: 1, isRemote: true });
}

describe('whenServerRootEnds', () => {
  it('waits for the SERVER span that started the trace, and settles when it ends', async () => {
    const root = tracer.startSpan('POST /api/chat', { kind: SpanKind.SERVER });
    const waiting = whenServerRootEnds(root.spanContext().spanId, 60_000);
    expect(await settledAtOnce(waiting)).toBe(false);
    root.end();
    expect(await settledAtOnce(waiting)).toBe(true);
  });

  it('settles at once when no such span is open: none started, a child SERVER span, or ended already', async () => {
    expect(await settledAtOnce(whenServerRootEnds('b7ad6b7169203331', 60_000))).toBe(true);
    const parent = tracer.startSpan('work');
    const child = tracer.startSpan(
      'inner',
      { kind: SpanKind.SERVER },
      trace.setSpan(context.active(), parent),
    );
    expect(await settledAtOnce(whenServerRootEnds(child.spanContext().spanId, 60_000))).toBe(true);
    const ended = tracer.startSpan('GET', { kind: SpanKind.SERVER });
    ended.end();
    expect(await settledAtOnce(whenServerRootEnds(ended.spanContext().spanId, 60_000))).toBe(true);
    child.end();
    parent.end();
  });

  it('waits for the one span asked for, when two requests share a trace id', async () => {
    const remote = remoteParent('4bf92f3577b34da6a3ce929d0e0e4736', '00f067aa0ba902b7');
    const first = tracer.startSpan('POST /a', { kind: SpanKind.SERVER }, remote);
    const second = tracer.startSpan('POST /b', { kind: SpanKind.SERVER }, remote);
    const waitingFirst = whenServerRootEnds(first.spanContext().spanId, 60_000);
    const waitingSecond = whenServerRootEnds(second.spanContext().spanId, 60_000);
    first.end();
    expect(await settledAtOnce(waitingFirst)).toBe(true);
    expect(await settledAtOnce(waitingSecond)).toBe(false);
    second.end();
    expect(await settledAtOnce(waitingSecond)).toBe(true);
  });

  it('counts a SERVER span under a remote parent (an incoming traceparent) as the root', async () => {
    const remote = remoteParent('0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331');
    const root = tracer.startSpan('POST', { kind: SpanKind.SERVER }, remote);
    const waiting = whenServerRootEnds(root.spanContext().spanId, 60_000);
    expect(await settledAtOnce(waiting)).toBe(false);
    root.end();
    expect(await settledAtOnce(waiting)).toBe(true);
  });

  it('gives up after the timeout, and forgets the oldest open spans past 4096', async () => {
    const stuck = tracer.startSpan('never ends', { kind: SpanKind.SERVER });
    const waiting = whenServerRootEnds(stuck.spanContext().spanId, 20);
    expect(await settledAtOnce(waiting)).toBe(false);
    // Settles though the span is still open.
    await waiting;
    expect(stuck.isRecording()).toBe(true);
    const others = Array.from({ length: 4096 }, () => tracer.startSpan('GET', { kind: SpanKind.SERVER }));
    expect(await settledAtOnce(whenServerRootEnds(stuck.spanContext().spanId, 60_000))).toBe(true);
    for (const span of [stuck, ...others]) span.end();
  });
});
