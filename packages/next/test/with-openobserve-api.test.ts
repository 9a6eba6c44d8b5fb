import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { getLLMContext, type LLMContext } from '@portobserve/core';
import { startTracing, type Tracing, waitFor } from '@portobserve/testkit/tracing';
import type { NextApiRequest, NextApiResponse } from 'next';
import { afterAll, afterEach, beforeAll, expect, expectTypeOf, it } from 'vitest';
import { withOpenObserveApi } from '../src/index.js';

let tracing: Tracing;
let server: Server | undefined;

beforeAll(() => {
  tracing = startTracing();
});
afterEach(() => tracing.checkAndReset());
afterEach(async () => {
  const running = server;
  server = undefined;
  if (!running) return;
  running.closeAllConnections();
  await new Promise((resolve) => running.close(resolve));
});
afterAll(() => tracing.stop());

/** Serves `handler` the way Next.js's API resolver does: a 500 when it throws. */
async function serve(handler: (req: NextApiRequest, res: NextApiResponse) => unknown): Promise<string> {
  const running = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    try {
      await handler(req as NextApiRequest, res as NextApiResponse);
    } catch {
      res.statusCode = 500;
      res.end('Internal Server Error');
    }
  });
  server = running;
  await new Promise<void>((resolve) => running.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(running.address() as AddressInfo).port}`;
}

const serverSpans = () => tracing.spans().filter((span) => span.kind === SpanKind.SERVER);

it('makes a SERVER span that ends on finish with the status, and flushes before returning', async () => {
  let seen: LLMContext | undefined;
  let flushesWhenReturned = -1;
  const handler = withOpenObserveApi(
    async (_req: NextApiRequest, res: NextApiResponse) => {
      seen = getLLMContext();
      res.statusCode = 201;
      res.end('{"hello":"pages"}');
    },
    {
      route: '/api/hello',
      context: (req) => ({ userId: String(req.headers['x-user-id']) }),
      recordAllRequests: true,
    },
  );
  const url = await serve(async (req, res) => {
    await handler(req, res);
    flushesWhenReturned = tracing.flushes.length;
  });
  const response = await fetch(`${url}/api/hello?name=x`, { headers: { 'x-user-id': 'u-9' } });
  expect(response.status).toBe(201);
  await waitFor(() => flushesWhenReturned >= 0);
  expect(seen).toMatchObject({ userId: 'u-9' });
  expect(flushesWhenReturned).toBe(1);
  const [span] = serverSpans();
  expect(span?.name).toBe('GET /api/hello');
  expect(span?.attributes).toMatchObject({
    'http.route': '/api/hello',
    'url.path': '/api/hello',
    'http.response.status_code': 201,
  });
  expect(span?.status.code).toBe(SpanStatusCode.UNSET);
});

it('still answers and traces the request when context(req) throws, without its values', async () => {
  let seen: LLMContext | undefined = { userId: 'not called' };
  const handler = withOpenObserveApi(
    async (_req: NextApiRequest, res: NextApiResponse) => {
      seen = getLLMContext();
      res.end('{"ok":true}');
    },
    {
      context: () => {
        throw new Error('no user header');
      },
      recordAllRequests: true,
    },
  );
  const response = await fetch(await serve(handler));
  expect(await response.json()).toEqual({ ok: true });
  expect(seen).toBeUndefined();
  await waitFor(() => serverSpans().length === 1);
  expect(serverSpans()[0]?.attributes['http.response.status_code']).toBe(200);
  expect(tracing.diagnostics().join('\n')).toContain('withOpenObserveApi() option `context` threw');
});

it('records a thrown error; the 500 Next.js then sends makes it an ERROR', async () => {
  const handler = withOpenObserveApi(async () => {
    throw new Error('pages failure');
  });
  const url = await serve(handler);
  const response = await fetch(`${url}/api/broken`, { method: 'POST' });
  expect(response.status).toBe(500);
  await waitFor(() => serverSpans().length === 1 && tracing.flushes.length > 0);
  const [span] = serverSpans();
  expect(span?.status.code).toBe(SpanStatusCode.ERROR);
  expect(span?.attributes['http.response.status_code']).toBe(500);
  expect(span?.events[0]?.attributes?.['exception.message']).toBe('pages failure');
});

it('ends the span when the response finishes after the handler returned', async () => {
  const handler = withOpenObserveApi(
    async (_req: NextApiRequest, res: NextApiResponse) => {
      res.write('part one, ');
      setTimeout(() => res.end('part two'), 30);
    },
    { recordAllRequests: true },
  );
  const url = await serve(handler);
  expect(await (await fetch(url)).text()).toBe('part one, part two');
  await waitFor(() => serverSpans().length === 1 && tracing.flushes.length > 0);
  expect(serverSpans()[0]?.attributes['http.response.status_code']).toBe(200);
});

it('records no SERVER span for a request nothing happens under, by default', async () => {
  let flushed = false;
  const handler = withOpenObserveApi(async (_req: NextApiRequest, res: NextApiResponse) => {
    res.end('ok');
  });
  const url = await serve(async (req, res) => {
    await handler(req, res);
    flushed = true;
  });
  expect(await (await fetch(url)).text()).toBe('ok');
  await waitFor(() => flushed);
  expect(tracing.spans()).toEqual([]);
});

it("keeps the handler's type", () => {
  const handler = async (_req: NextApiRequest, res: NextApiResponse<{ name: string }>) => {
    res.json({ name: 'x' });
  };
  expectTypeOf(withOpenObserveApi(handler)).toEqualTypeOf(handler);
});
