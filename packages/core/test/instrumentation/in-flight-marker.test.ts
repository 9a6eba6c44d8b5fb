import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { type FakeOpenAI, startFakeOpenAI } from '@portobserve/testkit';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { instrumentOpenAI } from '../../src/index.js';

// A request made through an instrumented `openai` client also passes the app-wide capture of the
// global fetch. The `openai` path marks the request as its own, and the capture steps aside, so the
// call has one span. The mark rides in the OpenTelemetry context when a context manager works, and in
// a store of our own only when none does.

const FALLBACK_STORE = Symbol.for('portobserve.in-flight-request.store');
let upstream: FakeOpenAI;
beforeAll(async () => {
  upstream = await startFakeOpenAI();
});
afterAll(async () => {
  await upstream.close();
});
afterEach(() => {
  trace.disable();
  context.disable();
  propagation.disable();
  upstream.reset();
});

function tracerWithoutContextManager(): InMemorySpanExporter {
  const exporter = new InMemorySpanExporter();
  trace.setGlobalTracerProvider(
    new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
  );
  return exporter;
}

async function chatAndStream(): Promise<void> {
  const uninstrument = instrumentOpenAI();
  // The client sends through whatever the global fetch is now: the capture. The Portkey header makes
  // the request one the capture would trace on its own.
  const client = new OpenAI({
    baseURL: upstream.baseURL,
    apiKey: 'sk-test-marker',
    defaultHeaders: { 'x-portkey-provider': 'openai' },
    fetch: (input, init) => globalThis.fetch(input, init),
  });
  try {
    await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    });
    for await (const _chunk of stream) {
      // drain
    }
  } finally {
    uninstrument();
  }
}

describe('a request through an instrumented openai client and the global fetch capture', () => {
  it('with a context manager: one span per call, the mark in the context, no store of ours', async () => {
    const exporter = tracerWithoutContextManager();
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    await chatAndStream();
    const spans = exporter.getFinishedSpans();
    expect(spans.map((span) => span.name)).toEqual(['ChatCompletion', 'ChatCompletion']);
    expect(spans.map((span) => span.instrumentationScope.name)).toEqual([
      '@portobserve/core',
      '@portobserve/core',
    ]);
    // The span was active in the same run as the mark: the upstream request names it as its parent.
    const parents = upstream.requests.map((request) => request.headers.traceparent?.split('-')[2]);
    expect(parents).toEqual(spans.map((span) => span.spanContext().spanId));
    expect((globalThis as Record<symbol, unknown>)[FALLBACK_STORE]).toBeUndefined();
  });

  it('without a context manager: still one span per call (the mark falls back to a store of ours)', async () => {
    const exporter = tracerWithoutContextManager();
    await chatAndStream();
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual([
      'ChatCompletion',
      'ChatCompletion',
    ]);
  });
});
