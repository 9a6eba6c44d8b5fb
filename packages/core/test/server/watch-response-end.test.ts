import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { watchResponseEnd } from '../../src/server/watch-response-end.js';

// A request can be watched twice: an app-wide middleware and a route handler wrapped on its own both
// trace it. Each watch must hear the end once, the inner (later) one first.
const ended: string[] = [];
let server: Server;
let url: string;
// Spans not (yet) recorded: no close listener backs the finish up, so each watch is its own.
const notRecorded = { whenRecording: () => {} };

beforeAll(async () => {
  server = createServer((_req, res) => {
    watchResponseEnd(res, () => ended.push('outer'), notRecorded);
    watchResponseEnd(res, () => ended.push('inner'), notRecorded);
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

it('a request watched twice: both watches end, once each, the inner one first', async () => {
  expect(await (await fetch(url)).text()).toBe('ok');
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(ended).toEqual(['inner', 'outer']);
});
