import { createRequire } from 'node:module';
import type { OpenObserveRow } from '@portobserve/testkit';
import express5 from 'express';
import express4 from 'express4';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  listen,
  llmRows,
  serverRows,
  startTelemetryStack,
  type TelemetryStack,
} from './support/telemetry-stack.js';
import { buildApp, type ExpressModule } from './support/test-app.js';

const require = createRequire(import.meta.url);
let stack: TelemetryStack;

beforeAll(async () => {
  stack = await startTelemetryStack('express-tests');
});
afterAll(async () => {
  await stack?.stop();
});

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const PARENT_SPAN_ID = 'b7ad6b7169203331';

function one(rows: OpenObserveRow[]): OpenObserveRow {
  expect(rows).toHaveLength(1);
  return rows[0] as OpenObserveRow;
}

/** Waits for the request's server span and `llmCount` LLM spans; returns them. */
async function spans(llmCount = 1): Promise<{ server: OpenObserveRow; llm: OpenObserveRow[] }> {
  const rows = await stack.waitForRows(
    (found) => serverRows(found).length >= 1 && llmRows(found).length >= llmCount,
  );
  return { server: one(serverRows(rows)), llm: llmRows(rows) };
}

describe.each([
  ['Express 5', express5, 5],
  ['Express 4', express4 as ExpressModule, 4],
])('%s', (_name, express, major) => {
  it('runs the Express major it says', () => {
    const packageName = major === 5 ? 'express' : 'express4';
    expect(require(`${packageName}/package.json`).version).toMatch(new RegExp(`^${major}\\.`));
  });

  let server: { url: string; close: () => Promise<void> };
  // The same app with recordAllRequests: a span for requests without an LLM call under them too.
  let everyRequest: { url: string; close: () => Promise<void> };

  beforeAll(async () => {
    server = await listen(buildApp(express, stack.portkey, stack.direct));
    everyRequest = await listen(buildApp(express, stack.portkey, stack.direct, { recordAllRequests: true }));
  });
  afterAll(async () => {
    await server?.close();
    await everyRequest?.close();
  });
  beforeEach(() => stack.reset());

  it('makes the LLM span a child of the request span, in the same trace', async () => {
    const response = await fetch(`${server.url}/plain?verbose=1`, { headers: { 'user-agent': 'tests/1.0' } });
    expect(await response.json()).toEqual({ answer: 'Hello from the fake upstream.' });
    const { server: request, llm } = await spans();
    const chat = one(llm);
    expect(request).toMatchObject({
      operation_name: 'GET /plain',
      http_request_method: 'GET',
      http_route: '/plain',
      url_path: '/plain',
      url_scheme: 'http',
      server_address: '127.0.0.1',
      user_agent_original: 'tests/1.0',
      http_response_status_code: '200',
      reference_parent_span_id: '',
    });
    expect(request.span_status).not.toBe('ERROR');
    expect(chat.trace_id).toBe(request.trace_id);
    expect(chat.reference_parent_span_id).toBe(request.span_id);
    // Portkey's trace id is the request's trace id too.
    expect(chat.portkey_trace_id).toBe(request.trace_id);
  });

  it('continues an incoming traceparent', async () => {
    await fetch(`${server.url}/plain`, { headers: { traceparent: `00-${TRACE_ID}-${PARENT_SPAN_ID}-01` } });
    const { server: request, llm } = await spans();
    expect(request.trace_id).toBe(TRACE_ID);
    expect(request.reference_parent_span_id).toBe(PARENT_SPAN_ID);
    expect(one(llm)).toMatchObject({ trace_id: TRACE_ID, reference_parent_span_id: request.span_id });
  });

  it('keeps the context through express.json() body parsing', async () => {
    const response = await fetch(`${server.url}/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'Hello after parsing' }),
    });
    expect(response.status).toBe(200);
    const { server: request, llm } = await spans();
    expect(request).toMatchObject({ operation_name: 'POST /chat', http_route: '/chat' });
    expect(one(llm)).toMatchObject({ trace_id: request.trace_id, reference_parent_span_id: request.span_id });
    expect(stack.upstream.requests[0]?.body).toMatchObject({
      messages: [{ role: 'user', content: 'Hello after parsing' }],
    });
  });

  it('names the span after the full route of a mounted router', async () => {
    await fetch(`${server.url}/api/conversations/c-42/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'Hi' }),
    });
    const { server: request, llm } = await spans();
    expect(request).toMatchObject({
      operation_name: 'POST /api/conversations/:id/messages',
      http_route: '/api/conversations/:id/messages',
      url_path: '/api/conversations/c-42/messages',
    });
    expect(one(llm).reference_parent_span_id).toBe(request.span_id);
  });

  it.each([
    ['/t/acme/items/7', 'GET /t/:tenant/items/:item', { tenant: 'acme', item: '7' }],
    // Nested, the inner one without mergeParams; a value that is also a literal segment of the path.
    [
      '/o/org-1/teams/teams/p/x%20y/items/i',
      'GET /o/:org/teams/:team/p/:project/items/:item',
      { project: 'x y', item: 'i' },
    ],
  ])(
    'names the span after the mount patterns of routers mounted on parameters: %s',
    async (path, name, params) => {
      const response = await fetch(`${server.url}${path}`);
      expect(await response.json()).toMatchObject({ params });
      const { server: request, llm } = await spans();
      expect(request).toMatchObject({ operation_name: name, http_route: name.slice(4), url_path: path });
      expect(one(llm).reference_parent_span_id).toBe(request.span_id);
    },
  );

  it.each([
    ['/shop/v1/users', 'GET /shop/v1/users'],
    ['/docs/users', 'GET /docs/users'],
  ])(
    'names a mount after the router that holds the route, not a middleware passed before: %s',
    async (path, name) => {
      await (await fetch(`${server.url}${path}`)).json();
      const { server: request } = await spans();
      expect(request.operation_name).toBe(name);
    },
  );

  // Express 5's router keeps each layer's pattern: the mount is named exactly. Express 4 keeps none, and
  // its values are put back as names, right to left, which names this one `/c/x/:city`.
  if (major === 5) {
    it('takes the mount pattern from the router where it keeps one', async () => {
      await (await fetch(`${server.url}/c/x/x/items/1`)).json();
      const { server: request } = await spans();
      expect(request.operation_name).toBe('GET /c/:city/x/items/:item');
    });
  }

  it('names the span after the full route of a mounted sub-app, whose handler still reads req.route', async () => {
    const response = await fetch(`${server.url}/sub/items/i-7`);
    expect(await response.json()).toMatchObject({ route: '/items/:id' });
    const { server: request, llm } = await spans();
    expect(request).toMatchObject({ operation_name: 'GET /sub/items/:id', http_route: '/sub/items/:id' });
    expect(one(llm).reference_parent_span_id).toBe(request.span_id);
  });

  it('leaves req.route as Express makes it: the matched route, an own property when not traced', async () => {
    const traced = await (await fetch(`${everyRequest.url}/route-info/r-1`)).json();
    expect(traced).toEqual({ path: '/route-info/:id', own: false });
    const { server: request } = await spans(0);
    expect(request.operation_name).toBe('GET /route-info/:id');
    const ignored = await (await fetch(`${everyRequest.url}/internal/route-info/r-2`)).json();
    expect(ignored).toEqual({ path: '/internal/route-info/:id', own: true });
  });

  it('records no span for a request with no LLM call under it that did not fail, by default', async () => {
    expect(await (await fetch(`${server.url}/hello`)).text()).toBe('hello');
    expect((await fetch(`${server.url}/nowhere`)).status).toBe(404);
    // A traced request afterwards proves the others would have been exported by now.
    await fetch(`${server.url}/plain`);
    const { server: request } = await spans();
    expect(request.operation_name).toBe('GET /plain');
  });

  it('names an unmatched request by its method only, 404 left unset', async () => {
    const response = await fetch(`${everyRequest.url}/nowhere`);
    expect(response.status).toBe(404);
    const { server: request } = await spans(0);
    expect(request).toMatchObject({
      operation_name: 'GET',
      http_response_status_code: '404',
      url_path: '/nowhere',
    });
    expect(request.http_route).toBeUndefined();
    expect(request.span_status).toBe('UNSET');
  });

  it('records a route that throws: ERROR, the exception event, status code 500', async () => {
    const response = await fetch(`${server.url}/boom`);
    expect(response.status).toBe(500);
    const { server: request } = await spans(0);
    expect(request).toMatchObject({
      operation_name: 'GET /boom',
      span_status: 'ERROR',
      http_response_status_code: '500',
      error_type: '500',
    });
    const events = JSON.parse(String(request.events)) as Record<string, unknown>[];
    expect(events).toEqual([
      expect.objectContaining({
        name: 'exception',
        exception_type: 'Error',
        exception_message: 'sync boom',
      }),
    ]);
  });

  it('keeps the full route of a mounted router when its handler throws', async () => {
    expect((await fetch(`${server.url}/api/conversations/c-9/boom`)).status).toBe(500);
    const { server: request } = await spans(0);
    expect(request).toMatchObject({
      operation_name: 'GET /api/conversations/:id/boom',
      http_route: '/api/conversations/:id/boom',
      span_status: 'ERROR',
    });
    expect(String(request.events)).toContain('router boom');
  });

  it('records an async handler that fails (rejects on Express 5, calls next(err) on Express 4)', async () => {
    const path = major === 5 ? '/async-boom' : '/async-boom-next';
    const response = await fetch(`${server.url}${path}`);
    expect(response.status).toBe(500);
    const { server: request } = await spans(0);
    expect(request).toMatchObject({
      operation_name: `GET ${path}`,
      span_status: 'ERROR',
      http_response_status_code: '500',
    });
    expect(String(request.events)).toContain('async boom');
  });

  it('ends the span when the client gives up on a handler that never answers', async () => {
    await expect(fetch(`${everyRequest.url}/hang`, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    const { server: request } = await spans(0);
    expect(request).toMatchObject({
      operation_name: 'GET /hang',
      portobserve_request_client_aborted: 'true',
    });
    expect(request.http_response_status_code).toBeUndefined();
  });

  async function disconnectAfterFirstChunk(path: string): Promise<void> {
    stack.upstream.enqueue({ chunkDelayMs: 100 });
    const abort = new AbortController();
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'Tell me a long story' }),
      signal: abort.signal,
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const first = await response.body!.getReader().read();
    expect(new TextDecoder().decode(first.value)).toMatch(/^data: \{"token":/);
    abort.abort();
  }

  it('ends both spans when the client disconnects mid-stream through the gateway', async () => {
    await disconnectAfterFirstChunk('/stream');
    const { server: request, llm } = await spans();
    expect(request).toMatchObject({
      operation_name: 'POST /stream',
      http_route: '/stream',
      http_response_status_code: '200',
      portobserve_request_client_aborted: 'true',
    });
    expect(one(llm)).toMatchObject({
      trace_id: request.trace_id,
      reference_parent_span_id: request.span_id,
      portobserve_stream_end: 'aborted',
      span_status: 'UNSET',
    });
    expect(one(llm)).not.toHaveProperty('error_type');
  });

  it('aborts the upstream call when the client disconnects mid-stream', async () => {
    await disconnectAfterFirstChunk('/stream/direct');
    await expect.poll(() => stack.upstream.requests[0]?.aborted, { timeout: 3000 }).toBe(true);
    const { server: request, llm } = await spans();
    expect(request).toMatchObject({
      operation_name: 'POST /stream/direct',
      portobserve_request_client_aborted: 'true',
    });
    expect(one(llm)).toMatchObject({
      reference_parent_span_id: request.span_id,
      portobserve_stream_end: 'aborted',
    });
  });

  it('makes no span for ignored paths: string, RegExp and predicate', async () => {
    expect(await (await fetch(`${everyRequest.url}/health`)).text()).toBe('ok');
    expect(await (await fetch(`${everyRequest.url}/health/?probe=1`)).text()).toBe('ok');
    expect(await (await fetch(`${everyRequest.url}/internal/metrics`)).text()).toBe('metrics');
    expect(
      await (await fetch(`${everyRequest.url}/hello`, { headers: { 'x-synthetic': 'yes' } })).text(),
    ).toBe('hello');
    // A traced request afterwards proves the ignored ones would have been exported by now.
    await fetch(`${everyRequest.url}/hello`);
    const rows = await stack.waitForRows((found) => found.length >= 1);
    expect(rows.map((row) => row.operation_name)).toEqual(['GET /hello']);
  });

  it('records an allowlisted request header, never authorization, cookie or set-cookie', async () => {
    await fetch(`${everyRequest.url}/hello`, {
      headers: {
        'x-request-id': 'req-123',
        authorization: 'Bearer sk-secret-token',
        cookie: 'sid=secret',
        'set-cookie': 'sid=set-secret',
      },
    });
    const { server: request } = await spans(0);
    expect(JSON.stringify(request.http_request_header_x_request_id)).toContain('req-123');
    expect(request.http_request_header_authorization).toBeUndefined();
    expect(request.http_request_header_cookie).toBeUndefined();
    expect(request.http_request_header_set_cookie).toBeUndefined();
    expect(JSON.stringify(request)).not.toMatch(/sk-secret-token|sid=secret|set-secret/);
  });
});
