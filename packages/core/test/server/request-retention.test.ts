import { Agent, createServer, get, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTracing } from '@portobserve/testkit/tracing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { traceNodeRequest } from '../../src/adapter.js';
import { collectGarbageUntil } from '../instrumentation/support/garbage-collection.js';

// A connection kept alive outlives its requests, and what Node sets up for it while a request is
// handled (its idle timer) carries that request's context. Nothing in our context may hold the
// request or its response once it has ended, or every idle connection holds its last request.
const tracing = startTracing();
const responses: WeakRef<ServerResponse>[] = [];
let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((req, res) => {
    traceNodeRequest(req, res, { adapter: 'test' }, {}, () => {
      responses.push(new WeakRef(res));
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await tracing.stop();
});

function request(agent: Agent): Promise<string> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/ping', agent }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

it('an idle kept-alive connection holds neither its last request nor its response (no span was needed)', async () => {
  const agent = new Agent({ keepAlive: true, maxSockets: 2 });
  for (let index = 0; index < 20; index++) expect(await request(agent)).toBe('ok');
  // The connections stay open, idle: what they keep must not reach a finished response.
  await collectGarbageUntil(
    () => responses.every((response) => response.deref() === undefined),
    `a finished response (${responses.filter((response) => response.deref()).length} of ${responses.length} still reachable)`,
  );
  expect(responses).toHaveLength(20);
  expect(tracing.spans()).toHaveLength(0);
  agent.destroy();
});
