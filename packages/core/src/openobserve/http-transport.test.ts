import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTransport } from './http-transport.js';

const servers: http.Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** A server that keeps each request's bytes as they came over the wire. */
async function rawBodyServer(): Promise<{ url: string; bodies: Buffer[] }> {
  const bodies: Buffer[] = [];
  const server = http.createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    bodies.push(Buffer.concat(chunks));
    response.end('{}');
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`, bodies };
}

describe('createHttpTransport', () => {
  it("gzips at zlib's fastest level, and the body decodes to what was given", async () => {
    const { url, bodies } = await rawBodyServer();
    const transport = createHttpTransport({ url, headers: {}, compression: 'gzip' });
    const body = new TextEncoder().encode(
      JSON.stringify({ resourceSpans: Array(200).fill({ name: 'chat' }) }),
    );
    const result = await transport.send(body, 5000, undefined);
    transport.shutdown();
    expect(result).toMatchObject({ status: 200 });
    const wire = bodies[0] as Buffer;
    // RFC 1952: byte 8 (XFL) is 4 when the compressor used its fastest algorithm, 0 at the default level.
    expect(wire[8]).toBe(4);
    expect(zlib.gunzipSync(wire).equals(Buffer.from(body))).toBe(true);
  });

  it('answers ABORTED for a send abandoned before it began, and the dropped request throws at no one', async () => {
    const { url, bodies } = await rawBodyServer();
    const transport = createHttpTransport({ url, headers: {}, compression: 'none' });
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const result = await transport.send(new Uint8Array([123, 125]), 5000, AbortSignal.abort());
      expect(result).toMatchObject({ type: 'error', code: 'ABORTED' });
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.removeListener('uncaughtException', onUncaught);
      transport.shutdown();
    }
    expect(uncaught).toEqual([]);
    expect(bodies).toEqual([]);
  });
});
