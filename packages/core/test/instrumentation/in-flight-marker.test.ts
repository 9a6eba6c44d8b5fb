import { type Context, context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { type FakeOpenAI, startFakeOpenAI } from '@portobserve/testkit';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { instrumentOpenAI } from '../../src/index.js';

// A request made through an instrumented `openai` client also passes the app-wide capture of the
// global fetch. The `openai` path marks the request as its own, and the capture steps aside, so the
// call has one span. The mark rides in the OpenTelemetry context when the context manager carries it
// across an await (probed once per manager), and also in a store of our own until that is known, or
// when it does not.

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

type Store = { run: (...args: unknown[]) => unknown };
const fallbackStore = () => (globalThis as Record<symbol, Store | undefined>)[FALLBACK_STORE];

/** Runs the calls once (the manager is probed), then again with the fallback store watched. */
async function twiceWatchingTheStore(): Promise<{ storeRunsAfterProbe: number }> {
  await chatAndStream();
  const store = fallbackStore();
  const run = store ? vi.spyOn(store, 'run') : undefined;
  await chatAndStream();
  const storeRunsAfterProbe = run?.mock.calls.length ?? 0;
  run?.mockRestore();
  return { storeRunsAfterProbe };
}

/** Like Sentry's: runs the work in a context derived from the one given (a value of its own added). */
class DerivingContextManager extends AsyncLocalStorageContextManager {
  override with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return super.with(ctx.setValue(Symbol.for('derived'), true), fn, thisArg, ...args);
  }
}

/** A manager that keeps the context only while `with` runs synchronously (none after an await). */
function synchronousOnlyContextManager() {
  let current: Context = ROOT_CONTEXT;
  return {
    active: () => current,
    with(ctx: Context, fn: (...args: unknown[]) => unknown, thisArg?: unknown, ...args: unknown[]) {
      const previous = current;
      current = ctx;
      try {
        return fn.call(thisArg, ...args);
      } finally {
        current = previous;
      }
    },
    bind: <T>(_ctx: Context, target: T) => target,
    enable() {
      return this;
    },
    disable() {
      return this;
    },
  };
}

describe('a request through an instrumented openai client and the global fetch capture', () => {
  it('with the AsyncLocalStorage context manager: one span per call, the mark in the context', async () => {
    const exporter = tracerWithoutContextManager();
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    const { storeRunsAfterProbe } = await twiceWatchingTheStore();
    const spans = exporter.getFinishedSpans();
    expect(spans.map((span) => span.name)).toEqual(Array(4).fill('ChatCompletion'));
    expect(new Set(spans.map((span) => span.instrumentationScope.name))).toEqual(
      new Set(['@portobserve/core']),
    );
    // The span was active in the same run as the mark: the upstream request names it as its parent.
    const parents = upstream.requests.map((request) => request.headers.traceparent?.split('-')[2]);
    expect(parents).toEqual(spans.map((span) => span.spanContext().spanId));
    expect(storeRunsAfterProbe, 'once the manager is known to carry the mark, no store of ours runs').toBe(0);
  });

  it('with a manager that runs work in a context derived from ours: one span per call, no store', async () => {
    const exporter = tracerWithoutContextManager();
    context.setGlobalContextManager(new DerivingContextManager().enable());
    const { storeRunsAfterProbe } = await twiceWatchingTheStore();
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(Array(4).fill('ChatCompletion'));
    expect(storeRunsAfterProbe).toBe(0);
  });

  it('with a manager that keeps the context only synchronously: still one span per call', async () => {
    const exporter = tracerWithoutContextManager();
    context.setGlobalContextManager(synchronousOnlyContextManager() as never);
    const { storeRunsAfterProbe } = await twiceWatchingTheStore();
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(Array(4).fill('ChatCompletion'));
    expect(storeRunsAfterProbe, 'the store carries the mark').toBeGreaterThan(0);
  });

  it('without a context manager: still one span per call (the mark falls back to a store of ours)', async () => {
    const exporter = tracerWithoutContextManager();
    const { storeRunsAfterProbe } = await twiceWatchingTheStore();
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(Array(4).fill('ChatCompletion'));
    expect(storeRunsAfterProbe).toBeGreaterThan(0);
  });
});
