import { context, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { getLLMContext, type LLMContext } from '@portobserve/core';
import { serverRootWatch } from '@portobserve/core/adapter';
import { type FakeOpenAI, startFakeOpenAI } from '@portobserve/testkit';
import { startTracing, type Tracing, waitFor } from '@portobserve/testkit/tracing';
import type { NextRequest } from 'next/server';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { type RouteHandler, withOpenObserve } from '../src/index.js';

let tracing: Tracing;
let upstream: FakeOpenAI;

beforeAll(async () => {
  // As the OpenObserve processor does: watch the SERVER spans that start a trace, so a flush can wait for one.
  tracing = startTracing({ spanProcessors: [serverRootWatch] });
  upstream = await startFakeOpenAI();
});
afterEach(async () => {
  await tracing.checkAndReset();
  upstream.reset();
});
afterAll(async () => {
  await tracing.stop();
  await upstream.close();
});

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';

function chatRequest(headers: Record<string, string> = {}): Request {
  return new Request('http://localhost:3000/api/chat', {
    method: 'POST',
    headers: { host: 'localhost:3000', 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ prompt: 'Hi' }),
  });
}

/** Calls a wrapped handler the way Next.js does: `(request, { params })`. */
function invoke(handler: RouteHandler, request: Request): Promise<Response> {
  const call = handler as unknown as (request: Request, context: unknown) => Promise<Response>;
  return call(request, { params: Promise.resolve({}) });
}

const serverSpans = () => tracing.spans().filter((span) => span.kind === SpanKind.SERVER);

function controlFlowError(digest: string): Error {
  return Object.assign(new Error(digest.split(';')[0]), { digest });
}

describe('withOpenObserve without a Next.js span', () => {
  it('creates a SERVER span continuing traceparent, with the route and status, and flushes', async () => {
    const POST = withOpenObserve(async () => Response.json({ ok: true }), {
      route: '/api/chat',
      recordAllRequests: true,
    });
    const response = await invoke(POST, chatRequest({ traceparent: `00-${TRACE_ID}-b7ad6b7169203331-01` }));
    expect(await response.json()).toEqual({ ok: true });
    await waitFor(() => tracing.flushes.length > 0);
    const [server] = serverSpans();
    expect(server?.name).toBe('POST /api/chat');
    expect(server?.spanContext().traceId).toBe(TRACE_ID);
    expect(server?.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(server?.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/api/chat',
      'http.response.status_code': 200,
      'url.path': '/api/chat',
      'server.address': 'localhost',
    });
    expect(server?.status.code).toBe(SpanStatusCode.UNSET);
    expect(tracing.flushes).toEqual([1]);
  });

  it("applies context(request) to LLM spans, and instruments the route's OpenAI class", async () => {
    let seen: LLMContext | undefined;
    const POST = withOpenObserve(
      async () => {
        seen = getLLMContext();
        const openai = new OpenAI({ baseURL: upstream.baseURL, apiKey: 'sk-test', maxRetries: 0 });
        const answer = await openai.chat.completions.create({
          model: 'gpt-4o-mini',
          messages: [{ role: 'user', content: 'Hi' }],
        });
        return Response.json({ answer: answer.choices[0]?.message.content });
      },
      {
        openai: OpenAI,
        context: (request) => ({
          sessionId: request.headers.get('x-session-id') ?? undefined,
          userId: 'u-7',
        }),
      },
    );
    const response = await invoke(POST, chatRequest({ 'x-session-id': 'chat-42' }));
    expect(await response.json()).toEqual({ answer: 'Hello from the fake upstream.' });
    expect(seen).toMatchObject({ sessionId: 'chat-42', userId: 'u-7' });
    await waitFor(() => serverSpans().length === 1);
    const llm = tracing.spans().find((span) => span.attributes['openinference.span.kind'] === 'LLM');
    expect(llm?.attributes).toMatchObject({ 'session.id': 'chat-42', 'user.id': 'u-7' });
    expect(llm?.parentSpanContext?.spanId).toBe(serverSpans()[0]?.spanContext().spanId);
  });

  it.each([
    [
      'throws',
      () => {
        throw new Error('no session header');
      },
    ],
    ['rejects', () => Promise.reject(new Error('no session header'))],
  ])(
    'still answers and traces the request when context(request) %s, without its values',
    async (_how, context) => {
      let seen: LLMContext | undefined = { userId: 'not called' };
      const POST = withOpenObserve(
        async () => {
          seen = getLLMContext();
          return Response.json({ ok: true });
        },
        { context, recordAllRequests: true },
      );
      const response = await invoke(POST, chatRequest());
      expect(await response.json()).toEqual({ ok: true });
      expect(seen).toBeUndefined();
      await waitFor(() => serverSpans().length === 1);
      expect(serverSpans()[0]?.attributes['http.response.status_code']).toBe(200);
      expect(tracing.diagnostics().join('\n')).toContain(
        'portobserve: withOpenObserve() option `context` threw; it was skipped for this request Error: no session header',
      );
    },
  );

  it('does not make redirect() an error, and rethrows it untouched', async () => {
    const redirect = controlFlowError('NEXT_REDIRECT;replace;/login;307;');
    const GET = withOpenObserve(
      async () => {
        throw redirect;
      },
      { recordAllRequests: true },
    );
    await expect(invoke(GET, chatRequest())).rejects.toBe(redirect);
    await waitFor(() => serverSpans().length === 1);
    const [server] = serverSpans();
    expect(server?.status.code).toBe(SpanStatusCode.UNSET);
    expect(server?.events).toEqual([]);
    expect(server?.attributes['http.response.status_code']).toBe(307);
  });

  it.each([
    ['NEXT_HTTP_ERROR_FALLBACK;404', 404],
    ['NEXT_NOT_FOUND', 404],
    ['NEXT_HTTP_ERROR_FALLBACK;403', 403],
  ])('makes %s a %i, not an error', async (digest, status) => {
    const GET = withOpenObserve(
      async () => {
        throw controlFlowError(digest);
      },
      { recordAllRequests: true },
    );
    await expect(invoke(GET, chatRequest())).rejects.toMatchObject({ digest });
    await waitFor(() => serverSpans().length === 1);
    expect(serverSpans()[0]?.status.code).toBe(SpanStatusCode.UNSET);
    expect(serverSpans()[0]?.attributes['http.response.status_code']).toBe(status);
  });

  it('records a thrown error: ERROR, the exception, 500, rethrown', async () => {
    const failure = new TypeError('Cannot read the prompt');
    const POST = withOpenObserve(async () => {
      throw failure;
    });
    await expect(invoke(POST, chatRequest())).rejects.toBe(failure);
    await waitFor(() => tracing.flushes.length > 0);
    const [server] = serverSpans();
    expect(server?.status.code).toBe(SpanStatusCode.ERROR);
    expect(server?.attributes).toMatchObject({ 'http.response.status_code': 500, 'error.type': '500' });
    expect(server?.events.map((event) => [event.name, event.attributes?.['exception.message']])).toEqual([
      ['exception', 'Cannot read the prompt'],
    ]);
  });

  it('ends the span of a streamed response when the stream ends, then flushes', async () => {
    let push: (text: string) => void = () => {};
    let close: () => void = () => {};
    const POST = withOpenObserve(
      async () => {
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            push = (text) => controller.enqueue(new TextEncoder().encode(text));
            close = () => controller.close();
          },
        });
        return new Response(body, { status: 201, headers: { 'content-type': 'text/plain' } });
      },
      { recordAllRequests: true },
    );
    const response = await invoke(POST, chatRequest());
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('text/plain');
    const reading = response.text();
    push('Hello ');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(serverSpans()).toHaveLength(0);
    expect(tracing.flushes).toEqual([]);
    push('stream');
    close();
    expect(await reading).toBe('Hello stream');
    await waitFor(() => tracing.flushes.length > 0);
    expect(serverSpans()[0]?.attributes['http.response.status_code']).toBe(201);
    // The flush came after the span ended.
    expect(tracing.flushes).toEqual([1]);
  });

  it('ends the span when the client cancels the stream', async () => {
    const POST = withOpenObserve(
      async () => new Response(new ReadableStream({ pull: () => new Promise(() => {}) })),
      { recordAllRequests: true },
    );
    const response = await invoke(POST, chatRequest());
    await response.body?.cancel('client went away');
    await waitFor(() => serverSpans().length === 1);
    expect(serverSpans()[0]?.attributes['portobserve.request.client_aborted']).toBe(true);
  });

  it('records no SERVER span for a request nothing happens under, by default', async () => {
    const GET = withOpenObserve(async () => Response.json({ ok: true }), { route: '/api/health' });
    expect(await (await invoke(GET, chatRequest())).json()).toEqual({ ok: true });
    await waitFor(() => tracing.flushes.length > 0);
    expect(tracing.spans()).toEqual([]);
  });

  it('records it, as the parent and started first, once a span is started under it', async () => {
    const POST = withOpenObserve(
      async () => {
        trace.getTracer('test').startSpan('llm work').end();
        return Response.json({ ok: true });
      },
      { route: '/api/chat' },
    );
    await (await invoke(POST, chatRequest())).text();
    await waitFor(() => tracing.flushes.length > 0);
    const [server] = serverSpans();
    const work = tracing.spans().find((span) => span.name === 'llm work');
    expect(server?.name).toBe('POST /api/chat');
    expect(work?.parentSpanContext?.spanId).toBe(server?.spanContext().spanId);
  });

  it('does not flush with flush: false', async () => {
    const POST = withOpenObserve(async () => new Response(null, { status: 204 }), {
      flush: false,
      recordAllRequests: true,
    });
    await invoke(POST, chatRequest());
    await waitFor(() => serverSpans().length === 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(tracing.flushes).toEqual([]);
  });
});

describe('withOpenObserve inside Next.js', () => {
  function inNextSpan<T>(fn: (span: Span) => Promise<T>): Promise<T> {
    const tracer = trace.getTracer('next.js', '0.0.1');
    return tracer.startActiveSpan('POST', { kind: SpanKind.SERVER }, async (server) => {
      try {
        return await tracer.startActiveSpan('executing api route (app) /api/chat', async (handlerSpan) => {
          try {
            return await fn(handlerSpan);
          } finally {
            handlerSpan.end();
          }
        });
      } finally {
        server.end();
      }
    });
  }

  it("uses Next.js's span: no second SERVER span, the work is its child, its errors are its own", async () => {
    let active: Span | undefined;
    const POST = withOpenObserve(async () => {
      active = trace.getSpan(context.active());
      trace.getTracer('test').startSpan('llm work').end();
      throw new Error('boom');
    });
    await inNextSpan(async (handlerSpan) => {
      await expect(invoke(POST, chatRequest())).rejects.toThrow('boom');
      expect(active).toBe(handlerSpan);
    });
    expect(serverSpans()).toHaveLength(1);
    const handlerSpan = tracing.spans().find((span) => span.name.startsWith('executing api route'));
    const work = tracing.spans().find((span) => span.name === 'llm work');
    expect(work?.parentSpanContext?.spanId).toBe(handlerSpan?.spanContext().spanId);
    // Next.js records the exception on its span itself; we add none.
    expect(handlerSpan?.events).toEqual([]);
  });

  it("records the recordRequestHeaders on Next.js's span, never a secret one", async () => {
    const POST = withOpenObserve(async () => Response.json({ ok: true }), {
      recordRequestHeaders: ['x-request-id', 'authorization'],
      flush: false,
    });
    await inNextSpan(() =>
      invoke(POST, chatRequest({ 'x-request-id': 'req-1', authorization: 'Bearer sk-secret' })),
    );
    const handlerSpan = tracing.spans().find((span) => span.name.startsWith('executing api route'));
    expect(handlerSpan?.attributes['http.request.header.x-request-id']).toEqual(['req-1']);
    expect(JSON.stringify(handlerSpan?.attributes)).not.toContain('sk-secret');
  });

  it('flushes once Next.js has ended its own request span too, which it does after the response', async () => {
    const POST = withOpenObserve(async () => {
      trace.getTracer('test').startSpan('llm work').end();
      return Response.json({ status: 'failed' }, { status: 500 });
    });
    const tracer = trace.getTracer('next.js', '0.0.1');
    await tracer.startActiveSpan('POST /api/chat', { kind: SpanKind.SERVER }, async (server) => {
      const response = await tracer.startActiveSpan(
        'executing api route (app) /api/chat',
        async (handler) => {
          try {
            return await invoke(POST, chatRequest());
          } finally {
            handler.end();
          }
        },
      );
      await response.text();
      // Next.js writes the body out, then ends its span (with the status it sent) a moment later.
      await new Promise((resolve) => setTimeout(resolve, 30));
      server.setAttribute('http.status_code', response.status);
      server.end();
    });
    await waitFor(() => tracing.flushes.length > 0);
    // The one flush came after all three spans ended: Next's SERVER span went with it.
    expect(tracing.flushes).toEqual([3]);
    expect(serverSpans().map((span) => span.name)).toEqual(['POST /api/chat']);
  });

  it('enriches a SERVER span that is already active instead of starting another', async () => {
    const POST = withOpenObserve(async () => Response.json({}), { route: '/api/chat' });
    await trace.getTracer('http').startActiveSpan('POST', { kind: SpanKind.SERVER }, async (server) => {
      const response = await invoke(POST, chatRequest());
      await response.text();
      server.end();
    });
    expect(serverSpans()).toHaveLength(1);
    expect(serverSpans()[0]?.attributes['http.response.status_code']).toBe(200);
  });
});

describe('withOpenObserve types', () => {
  it("keeps the handler's type", () => {
    const handler = async (_request: NextRequest, _context: { params: Promise<{ id: string }> }) =>
      Response.json({ ok: true });
    expectTypeOf(withOpenObserve(handler)).toEqualTypeOf(handler);
    const noArguments = withOpenObserve(() => new Response('ok'));
    expectTypeOf(noArguments).toEqualTypeOf<() => Response>();
  });
});
