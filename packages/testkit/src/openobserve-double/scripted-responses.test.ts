import zlib from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type OpenObserveDouble, startOpenObserve } from './start-openobserve.js';
import { makeRequest, makeSpan } from './test-fixtures.js';

let openobserve: OpenObserveDouble;

beforeAll(async () => {
  openobserve = await startOpenObserve({ recordBodies: true });
});
afterEach(() => openobserve.reset());
afterAll(async () => {
  await openobserve.close();
});

async function post(body: Buffer | string = JSON.stringify(makeRequest([makeSpan()])), encoding?: string) {
  const response = await fetch(`${openobserve.url}/api/default/v1/traces`, {
    method: 'POST',
    headers: {
      authorization: openobserve.authToken,
      'content-type': 'application/json',
      ...(encoding ? { 'content-encoding': encoding } : {}),
    },
    body: Buffer.from(body),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('scriptResponses', () => {
  it('answers with the scripted status, headers and body, storing nothing, then ingests again', async () => {
    openobserve.scriptResponses([
      { status: 429, headers: { 'retry-after': '3' } },
      { status: 206, body: '{"partialSuccess":{"rejectedSpans":1,"errorMessage":"too old"}}' },
      { status: 200, body: '<html>login</html>' },
    ]);
    const limited = await post();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(limited.text).toBe('{"code":429,"message":"Too Many Requests"}');

    const partial = await post();
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(partial.text)).toEqual({
      partialSuccess: { rejectedSpans: 1, errorMessage: 'too old' },
    });

    const malformed = await post();
    expect(malformed).toMatchObject({ status: 200, text: '<html>login</html>' });
    expect(malformed.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(openobserve.rows()).toHaveLength(0);

    expect((await post()).status).toBe(200);
    expect(openobserve.rows()).toHaveLength(1);
    expect(openobserve.requests.map((request) => request.status)).toEqual([429, 206, 200, 200]);
  });

  it('shares one queue with scriptStatuses, in the order they were scripted', async () => {
    openobserve.scriptStatuses([503]);
    openobserve.scriptResponses([{ status: 401, body: 'Unauthorized Access' }]);
    openobserve.scriptStatuses([504]);
    const statuses = [];
    for (let index = 0; index < 3; index++) statuses.push((await post()).status);
    expect(statuses).toEqual([503, 401, 504]);
  });

  it('refuses a status that is not an HTTP status', () => {
    expect(() => openobserve.scriptResponses([{ status: 700 }])).toThrow(/scriptResponses: 700/);
  });
});

describe('recordBodies', () => {
  it('keeps each body with its content encoding undone', async () => {
    const body = JSON.stringify(makeRequest([makeSpan({ name: 'recorded-span' })]));
    await post(zlib.gzipSync(body), 'gzip');
    expect(openobserve.requests[0]?.headers['content-encoding']).toBe('gzip');
    expect(openobserve.requests[0]?.body?.toString('utf8')).toBe(body);
  });
});
