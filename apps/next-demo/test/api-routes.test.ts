import type { OpenObserveRow } from '@portobserve/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DemoStack, startDemoStack } from './support/local-stack.js';
import { ancestry, newTraceparent, only, SERVER_KIND, waitForTrace } from './support/trace-rows.js';

let stack: DemoStack;

beforeAll(async () => {
  stack = await startDemoStack();
});
beforeEach(() => {
  stack.upstream.reset();
});
afterAll(async () => {
  await stack?.stop();
});

async function post(path: string, body: unknown, headers: Record<string, string>): Promise<Response> {
  return fetch(`${stack.next.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
}

const isLLM = (row: OpenObserveRow) => row.openinference_span_kind === 'LLM';

function expectUnderNextServerSpan(rows: OpenObserveRow[], llm: OpenObserveRow, name: string) {
  const chain = ancestry(rows, llm);
  const server = chain.find((row) => row.span_kind === SERVER_KIND);
  expect(server?.operation_name, JSON.stringify(chain, null, 2)).toBe(name);
  // The LLM span sits under Next.js's `executing api route` span, itself under Next.js's SERVER span.
  expect(chain[1]?.operation_name).toMatch(/^executing api route/);
  expect(rows.filter((row) => row.span_kind === SERVER_KIND)).toHaveLength(1);
  return server as OpenObserveRow;
}

describe('the App Router routes under next start, through the real Portkey gateway', () => {
  // First in the file, so no wrapped route has loaded (and patched) any copy of openai yet.
  it('traces a route nobody wrapped: a plain `new OpenAI()` at the transport, one LLM span', async () => {
    const { traceId, traceparent } = newTraceparent();
    stack.upstream.enqueue({ usage: { promptTokens: 7, completionTokens: 2 } });
    const response = await post('/api/unwrapped', { prompt: 'Unwrapped?' }, { traceparent });
    expect(await response.json()).toEqual({ answer: 'Hello from the fake upstream.' });
    const rows = await waitForTrace(stack.openobserve, traceId, {
      operationName: 'POST /api/unwrapped',
      llm: true,
    });
    const llm = only(rows, isLLM);
    expect(llm).toMatchObject({
      operation_name: 'ChatCompletion',
      portkey_provider: 'openai',
      portkey_trace_id: traceId,
      gen_ai_usage_input_tokens: 7,
      span_status: 'OK',
    });
    // Next.js wraps the global fetch around ours: the LLM span sits inside Next's fetch span.
    const chain = ancestry(rows, llm).map((row) => String(row.operation_name));
    expect(chain[1]).toMatch(/^fetch POST http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions$/);
    expect(chain.slice(2)).toEqual(['executing api route (app) /api/unwrapped', 'POST /api/unwrapped']);
  });

  it("puts /api/chat's LLM span in the request's trace, under Next.js's POST /api/chat span", async () => {
    const { traceId, traceparent } = newTraceparent();
    const response = await post('/api/chat', { prompt: 'Hello?' }, { traceparent, 'x-session-id': 'chat-1' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ answer: 'Hello from the fake upstream.' });

    const rows = await waitForTrace(stack.openobserve, traceId, {
      operationName: 'POST /api/chat',
      llm: true,
    });
    const llm = only(rows, isLLM);
    expect(llm).toMatchObject({
      operation_name: 'ChatCompletion',
      portkey_provider: 'openai',
      portkey_trace_id: traceId,
      session_id: 'chat-1',
      llm_token_count_completion: '5',
      span_status: 'OK',
      service_name: 'next-demo-test',
    });
    expect(JSON.parse(String(llm.metadata))).toMatchObject({ route: '/api/chat' });
    const server = expectUnderNextServerSpan(rows, llm, 'POST /api/chat');
    expect(server).toMatchObject({ http_route: '/api/chat', http_status_code: '200', span_status: 'UNSET' });
    expect(stack.upstream.requests[0]?.headers.authorization).toBe('Bearer sk-next-demo-test-key');
  });

  it('streams /api/chat/stream: the LLM span has its token counts and ends when the stream ends', async () => {
    stack.upstream.enqueue({ content: 'One token at a time, to the browser.', chunkDelayMs: 40 });
    const { traceId, traceparent } = newTraceparent();
    const response = await post('/api/chat/stream', { prompt: 'Stream it' }, { traceparent });
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(await response.text()).toBe('One token at a time, to the browser.');

    const rows = await waitForTrace(stack.openobserve, traceId, {
      operationName: 'POST /api/chat/stream',
      llm: true,
    });
    const llm = only(rows, isLLM);
    expect(llm).toMatchObject({
      portobserve_stream_end: 'complete',
      llm_token_count_prompt: '2',
      llm_token_count_completion: '8', // the fake upstream counts words
      span_status: 'OK',
    });
    expect(Number(llm.llm_token_count_total)).toBe(
      Number(llm.llm_token_count_prompt) + Number(llm.llm_token_count_completion),
    );
    const server = expectUnderNextServerSpan(rows, llm, 'POST /api/chat/stream');
    const handler = only(rows, (row) => String(row.operation_name).startsWith('executing api route'));
    // The handler returned the stream at once; the LLM span ended only with the last chunk, before the request.
    expect(Number(llm.end_time)).toBeGreaterThan(Number(handler.end_time));
    expect(Number(llm.end_time)).toBeLessThanOrEqual(Number(server.end_time));
    expect(Number(llm.duration)).toBeGreaterThan(200_000); // µs: 8+ chunks, 40 ms apart
  });

  it('traces a plain `new OpenAI()` in a wrapped route, with no extra setting', async () => {
    const { traceId, traceparent } = newTraceparent();
    const response = await post('/api/plain', { prompt: 'Plain?' }, { traceparent });
    expect(await response.json()).toEqual({ answer: 'Hello from the fake upstream.' });
    const rows = await waitForTrace(stack.openobserve, traceId, {
      operationName: 'POST /api/plain',
      llm: true,
    });
    const llm = only(rows, isLLM);
    expect(llm).toMatchObject({
      operation_name: 'ChatCompletion',
      portkey_provider: 'openai',
      span_status: 'OK',
    });
    expectUnderNextServerSpan(rows, llm, 'POST /api/plain');
  });

  it('makes a throwing route an ERROR span with the exception', async () => {
    const { traceId, traceparent } = newTraceparent();
    const response = await post('/api/fail', {}, { traceparent });
    expect(response.status).toBe(500);
    const rows = await waitForTrace(stack.openobserve, traceId, { operationName: 'POST /api/fail' });
    const server = only(rows, (row) => row.span_kind === SERVER_KIND);
    expect(server).toMatchObject({
      operation_name: 'POST /api/fail',
      span_status: 'ERROR',
      error_type: '500',
    });
    const handler = only(rows, (row) => String(row.operation_name).startsWith('executing api route'));
    expect(handler.span_status).toBe('ERROR');
    const events = JSON.parse(String(handler.events)) as Array<{ name: string; [key: string]: unknown }>;
    const exceptions = events.filter((event) => event.name === 'exception');
    expect(exceptions).toHaveLength(1);
    expect(JSON.stringify(exceptions[0])).toContain('The demo route failed on purpose.');
  });

  it('does not make a redirect an error', async () => {
    const { traceId, traceparent } = newTraceparent();
    const response = await fetch(`${stack.next.url}/api/old-chat`, {
      headers: { traceparent },
      redirect: 'manual',
    });
    expect(response.status).toBe(307);
    expect(new URL(String(response.headers.get('location')), stack.next.url).pathname).toBe('/');
    const rows = await waitForTrace(stack.openobserve, traceId, { operationName: 'GET /api/old-chat' });
    expect(rows.filter((row) => row.span_status === 'ERROR')).toEqual([]);
    expect(only(rows, (row) => row.span_kind === SERVER_KIND).http_status_code).toBe('307');
  });
});

describe('the Pages Router route under next start', () => {
  it("puts /api/hello's LLM span under Next.js's request span", async () => {
    const { traceId, traceparent } = newTraceparent();
    const response = await fetch(`${stack.next.url}/api/hello?name=Pages`, {
      headers: { traceparent, 'x-session-id': 'pages-1' },
    });
    expect(await response.json()).toEqual({ answer: 'Hello from the fake upstream.' });
    const rows = await waitForTrace(stack.openobserve, traceId, {
      operationName: 'GET /api/hello',
      llm: true,
    });
    const llm = only(rows, isLLM);
    expect(llm).toMatchObject({ session_id: 'pages-1', portkey_provider: 'openai', span_status: 'OK' });
    expect(ancestry(rows, llm).at(-1)).toMatchObject({
      operation_name: 'GET /api/hello',
      span_kind: SERVER_KIND,
    });
    expect(rows.filter((row) => row.span_kind === SERVER_KIND)).toHaveLength(1);
  });
});
