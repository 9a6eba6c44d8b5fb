import zlib from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type OpenObserveDouble, startOpenObserve } from './start-openobserve.js';
import { type Json, makeRequest, makeSpan, nanosFromNow, SPAN_ID, TRACE_ID } from './test-fixtures.js';

let openobserve: OpenObserveDouble;

beforeAll(async () => {
  openobserve = await startOpenObserve();
});

afterEach(() => {
  openobserve.reset();
});

afterAll(async () => {
  await openobserve.close();
});

interface PostOptions {
  path?: string;
  /** `null` leaves a default header out. */
  headers?: Record<string, string | null>;
  body?: string | Buffer;
  method?: string;
}

async function post(
  options: PostOptions = {},
): Promise<{ status: number; text: string; type: string | null }> {
  const body = options.body ?? JSON.stringify(makeRequest([makeSpan()]));
  const headers: Record<string, string> = {};
  const wanted = {
    authorization: openobserve.authToken,
    'content-type': 'application/json',
    ...options.headers,
  };
  for (const [name, value] of Object.entries(wanted)) {
    if (value !== null) {
      headers[name] = value;
    }
  }
  const response = await fetch(`${openobserve.url}${options.path ?? '/api/default/v1/traces'}`, {
    method: options.method ?? 'POST',
    headers,
    // A Buffer body keeps fetch from adding a content type of its own.
    body: options.method === 'GET' ? undefined : Buffer.from(body),
  });
  return { status: response.status, text: await response.text(), type: response.headers.get('content-type') };
}

interface SentBody {
  resourceSpans: { scopeSpans: { spans: { startTimeUnixNano: string }[] }[] }[];
}

function requestWith(spans: Json[]): string {
  return JSON.stringify(makeRequest(spans));
}

describe('startOpenObserve', () => {
  it('listens on 127.0.0.1 and exposes the default login', () => {
    expect(openobserve.url).toBe(`http://127.0.0.1:${openobserve.port}`);
    expect(openobserve.email).toBe('root@example.com');
    expect(openobserve.password).toBe('Complexpass#123');
    expect(openobserve.authToken).toBe(
      `Basic ${Buffer.from('root@example.com:Complexpass#123').toString('base64')}`,
    );
  });

  it('stores an accepted span as a row with formatted keys and answers 200', async () => {
    const body = requestWith([
      makeSpan({
        attributes: [
          { key: 'llm.token_count.prompt', value: { intValue: '12' } },
          { key: 'gen_ai.usage.input_tokens', value: { intValue: '12' } },
          { key: 'openinference.span.kind', value: { stringValue: 'LLM' } },
        ],
      }),
    ]);
    const answer = await post({ body });
    expect(answer).toEqual({ status: 200, text: '{"partialSuccess":null}', type: 'application/json' });
    const rows = openobserve.rows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      trace_id: TRACE_ID,
      span_id: SPAN_ID,
      span_status: 'UNSET',
      span_kind: '3',
      operation_name: 'ChatCompletion',
      duration: 1500,
      service_name: 'test-service',
      reference_parent_span_id: '',
      events: '[]',
      links: '[]',
      status_code: 0,
      status_message: '',
      llm_token_count_prompt: '12',
      gen_ai_usage_input_tokens: 12,
      openinference_span_kind: 'LLM',
    });
    expect(typeof rows[0]?.start_time).toBe('number');
    const sentStart = BigInt(
      String((JSON.parse(body) as SentBody).resourceSpans[0]?.scopeSpans[0]?.spans[0]?.startTimeUnixNano),
    );
    expect(rows[0]?.start_time).toBe(Number(sentStart));
    expect(rows[0]?._timestamp).toBe(Number(sentStart / 1000n));
    expect(openobserve.rows({ org: 'default', stream: 'default' })).toEqual(rows);
    expect(openobserve.rows({ org: 'other' })).toEqual([]);
    expect(openobserve.requests).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/api/default/v1/traces',
        status: 200,
        spanCount: 1,
        org: 'default',
        stream: 'default',
      }),
    ]);
    expect(openobserve.requests[0]?.headers.authorization).toBe(openobserve.authToken);
  });

  it.each(['/api/default/traces', '/api/default/otel/v1/traces'])(
    'takes spans on the alias route %s, as OpenObserve does',
    async (path) => {
      expect((await post({ path })).status).toBe(200);
      expect(openobserve.rows()).toHaveLength(1);
    },
  );

  it.each([
    '/api/default/v1/logs',
    '/api/default/v1/traces/',
    '/api//v1/traces',
    '/default/v1/traces',
    '/v1/traces',
  ])('answers 404 to %s and stores nothing', async (path) => {
    expect((await post({ path })).status).toBe(404);
    expect(openobserve.rows()).toEqual([]);
    expect(openobserve.requests[0]).toMatchObject({ path, status: 404 });
  });

  it('answers 405 to a GET on the ingest path', async () => {
    expect((await post({ method: 'GET' })).status).toBe(405);
  });

  const defaultBase64 = Buffer.from('root@example.com:Complexpass#123').toString('base64');

  it.each<[string, Record<string, string | null>]>([
    ['no Authorization', { authorization: null }],
    ['an empty Authorization', { authorization: '' }],
    [
      'a wrong password',
      { authorization: `Basic ${Buffer.from('root@example.com:nope').toString('base64')}` },
    ],
    ['a Bearer token', { authorization: 'Bearer abc' }],
    ['a token without Basic', { authorization: defaultBase64 }],
    ['a lowercase scheme', { authorization: `basic ${defaultBase64}` }],
    ['unpadded base64', { authorization: `Basic ${defaultBase64.replace(/=+$/u, '')}` }],
  ])('answers 401 Unauthorized Access to %s', async (_label, headers) => {
    const answer = await post({ headers });
    expect(answer.status).toBe(401);
    expect(answer.text).toBe('Unauthorized Access');
    expect(answer.type).toMatch(/^text\/plain/);
    expect(openobserve.rows()).toEqual([]);
  });

  it('checks auth before content type', async () => {
    const answer = await post({ headers: { authorization: 'Basic eA==', 'content-type': 'text/plain' } });
    expect(answer.status).toBe(401);
  });

  it('uses the configured credentials', async () => {
    const custom = await startOpenObserve({ email: 'me@test.dev', password: 'secret:with:colons' });
    try {
      expect(custom.authToken).toBe(
        `Basic ${Buffer.from('me@test.dev:secret:with:colons').toString('base64')}`,
      );
      const response = await fetch(`${custom.url}/api/org1/v1/traces`, {
        method: 'POST',
        headers: { authorization: custom.authToken, 'content-type': 'application/json' },
        body: requestWith([makeSpan()]),
      });
      expect(response.status).toBe(200);
      expect(custom.rows({ org: 'org1' })).toHaveLength(1);
      const refused = await fetch(`${custom.url}/api/org1/v1/traces`, {
        method: 'POST',
        headers: { authorization: openobserve.authToken, 'content-type': 'application/json' },
        body: requestWith([makeSpan()]),
      });
      expect(refused.status).toBe(401);
    } finally {
      await custom.close();
    }
  });

  it.each<[string, string | null]>([
    ['text/plain', 'text/plain'],
    ['a missing content type', null],
    ['an empty content type', ''],
    ['protobuf with parameters', 'application/x-protobuf; charset=utf-8'],
    ['upper-case JSON', 'Application/JSON'],
    ['application/x-json', 'application/x-json'],
  ])('answers 400 Bad Request to %s', async (_label, contentType) => {
    const answer = await post({ headers: { 'content-type': contentType } });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toEqual({ code: 400, message: 'Bad Request' });
    expect(answer.type).toBe('application/json');
  });

  it('accepts a content type that starts with application/json', async () => {
    expect((await post({ headers: { 'content-type': 'application/json; charset=utf-8' } })).status).toBe(200);
  });

  it('answers 400 to a protobuf body (not decoded by the double)', async () => {
    const answer = await post({
      headers: { 'content-type': 'application/x-protobuf' },
      body: Buffer.from([10, 0]),
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toEqual({
      code: 400,
      message: 'protobuf bodies are not decoded by the test double',
    });
  });

  it('answers 400 Invalid json to a body that is not JSON', async () => {
    const answer = await post({ body: '{"resourceSpans": [' });
    expect(answer.status).toBe(400);
    const parsed = JSON.parse(answer.text) as { code: number; message: string };
    expect(parsed.code).toBe(400);
    expect(parsed.message).toMatch(/^Invalid json: .+/);
  });

  it('answers 400 Invalid json to a body with a wrong OTLP structure', async () => {
    const answer = await post({ body: requestWith([makeSpan({ kind: 'client' })]) });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).message).toMatch(
      /^Invalid json: resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.kind/,
    );
    expect(openobserve.rows()).toEqual([]);
  });

  it('answers 413 past maxBodyBytes, raw or decoded', async () => {
    const small = await startOpenObserve({ maxBodyBytes: 2000 });
    try {
      const send = (body: string | Buffer, headers: Record<string, string> = {}) =>
        fetch(`${small.url}/api/default/v1/traces`, {
          method: 'POST',
          headers: { authorization: small.authToken, 'content-type': 'application/json', ...headers },
          body: typeof body === 'string' ? body : new Uint8Array(body),
        });
      const big = requestWith([makeSpan({ name: 'x'.repeat(3000) })]);
      expect((await send(big)).status).toBe(413);
      expect((await send(zlib.gzipSync(big), { 'content-encoding': 'gzip' })).status).toBe(413);
      expect((await send(requestWith([makeSpan()]))).status).toBe(200);
      expect(small.rows()).toHaveLength(1);
    } finally {
      await small.close();
    }
  });

  it('decodes a gzip body', async () => {
    const answer = await post({
      body: zlib.gzipSync(Buffer.from(requestWith([makeSpan()]))),
      headers: { 'content-encoding': 'gzip' },
    });
    expect(answer.status).toBe(200);
    expect(openobserve.rows()).toHaveLength(1);
  });

  it('answers 400 to a corrupt gzip body and 415 to an encoding it does not decode', async () => {
    expect((await post({ body: 'not gzip', headers: { 'content-encoding': 'gzip' } })).status).toBe(400);
    for (const [encoding, body] of [
      ['deflate', zlib.deflateSync(requestWith([makeSpan()]))],
      ['br', zlib.brotliCompressSync(requestWith([makeSpan()]))],
      ['zstd', Buffer.from('{}')],
      ['compress', Buffer.from('{}')],
      ['gzip, br', Buffer.from('{}')],
    ] as const) {
      const answer = await post({ body, headers: { 'content-encoding': encoding } });
      expect(answer.status, encoding).toBe(415);
      expect(JSON.parse(answer.text).message, encoding).toMatch(/decodes gzip only/);
    }
    expect(openobserve.rows()).toEqual([]);
  });

  it('accepts an identity content encoding', async () => {
    expect((await post({ headers: { 'content-encoding': 'identity' } })).status).toBe(200);
  });

  it('lets the organization header override the org of the path', async () => {
    expect((await post({ headers: { organization: 'team_a' } })).status).toBe(200);
    expect(openobserve.rows({ org: 'team_a' })).toHaveLength(1);
    expect(openobserve.rows({ org: 'default' })).toEqual([]);
    expect(openobserve.requests[0]?.org).toBe('team_a');
  });

  it('takes the org from the path', async () => {
    expect((await post({ path: '/api/my_org/v1/traces' })).status).toBe(200);
    expect(openobserve.rows({ org: 'my_org', stream: 'default' })).toHaveLength(1);
  });

  it('sanitises the stream-name header', async () => {
    expect((await post({ headers: { 'stream-name': 'my-app.traces:v1 é' } })).status).toBe(200);
    expect(openobserve.rows({ stream: 'my_app_traces:v1__' })).toHaveLength(1);
    expect(openobserve.rows({ stream: 'default' })).toEqual([]);
    expect(openobserve.requests[0]?.stream).toBe('my_app_traces:v1__');
  });

  it('answers 206 with the number of rejected spans and stores only the good ones', async () => {
    const answer = await post({
      body: requestWith([
        makeSpan({ traceId: 'abc' }),
        makeSpan({ spanId: '123' }),
        makeSpan({
          startTimeUnixNano: nanosFromNow(-6 * 3600_000),
          endTimeUnixNano: nanosFromNow(-6 * 3600_000),
        }),
        makeSpan({ name: 'good' }),
      ]),
    });
    expect(answer.status).toBe(206);
    expect(answer.type).toBe('application/json');
    const parsed = JSON.parse(answer.text) as {
      partialSuccess: { rejectedSpans: number; errorMessage: string };
    };
    expect(parsed.partialSuccess.rejectedSpans).toBe(3);
    expect(parsed.partialSuccess.errorMessage).toMatch(/rejected/);
    expect(openobserve.rows().map((row) => row.operation_name)).toEqual(['good']);
    expect(openobserve.requests[0]).toMatchObject({ status: 206, spanCount: 4 });
  });

  it('prefixes attr_ to a colliding attribute and keeps gen_ai_usage_* numeric', async () => {
    await post({
      body: requestWith([
        makeSpan({
          attributes: [
            { key: 'duration', value: { intValue: 99 } },
            { key: 'gen_ai.usage.cost', value: { doubleValue: 0.25 } },
            { key: 'gen_ai.usage.output_tokens', value: { intValue: 7 } },
          ],
        }),
      ]),
    });
    const row = openobserve.rows()[0];
    expect(row?.attr_duration).toBe('99');
    expect(row?.duration).toBe(1500);
    expect(row?.gen_ai_usage_cost).toBe(0.25);
    expect(row?.gen_ai_usage_output_tokens).toBe(7);
  });

  it('answers scripted statuses in order, without checks, storing nothing', async () => {
    openobserve.scriptStatuses([503, 429, 500]);
    const first = await post({ headers: { authorization: null } });
    expect(first.status).toBe(503);
    expect(JSON.parse(first.text)).toEqual({ code: 503, message: 'Service Unavailable' });
    const second = await post({ body: 'not json' });
    expect(second.status).toBe(429);
    expect(JSON.parse(second.text)).toEqual({ code: 429, message: 'Too Many Requests' });
    const third = await post();
    expect(third.status).toBe(500);
    expect(JSON.parse(third.text)).toEqual({ code: 500, message: 'Internal Server Error' });
    expect(openobserve.rows()).toEqual([]);
    expect((await post()).status).toBe(200);
    expect(openobserve.rows()).toHaveLength(1);
    expect(openobserve.requests.map((request) => request.status)).toEqual([503, 429, 500, 200]);
  });

  it('does not spend a scripted status on a wrong path', async () => {
    openobserve.scriptStatuses([503]);
    expect((await post({ path: '/api/default/v1/logs' })).status).toBe(404);
    expect((await post()).status).toBe(503);
  });

  it('refuses statuses that are not HTTP statuses', () => {
    expect(() => openobserve.scriptStatuses([99])).toThrow(RangeError);
  });

  it('waits setDelayMs before answering', async () => {
    openobserve.setDelayMs(250);
    const started = Date.now();
    expect((await post()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('hangs with an Infinity delay until reset, then answers normally', async () => {
    openobserve.setDelayMs(Number.POSITIVE_INFINITY);
    const hanging = post();
    const outcome = hanging.then(
      () => 'answered',
      () => 'failed',
    );
    await expect.poll(() => openobserve.requests.length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(openobserve.requests[0]?.status).toBe(0);
    expect(openobserve.rows()).toEqual([]);
    openobserve.reset();
    expect(await outcome).toBe('failed');
    expect(openobserve.rows()).toEqual([]);
    const started = Date.now();
    expect((await post()).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses connections, then accepts them again on the same port', async () => {
    await openobserve.refuseConnections();
    try {
      const error = await post().then(
        () => undefined,
        (failure: unknown) => failure as Error & { cause?: { code?: string } },
      );
      expect(error?.cause?.code).toBe('ECONNREFUSED');
      expect(openobserve.requests).toEqual([]);
    } finally {
      await openobserve.acceptConnections();
    }
    await openobserve.acceptConnections(); // already listening: no-op
    expect((await post()).status).toBe(200);
    expect(openobserve.rows()).toHaveLength(1);
  });

  it('waitForRows resolves when the predicate holds and lists the rows on timeout', async () => {
    const waiting = openobserve.waitForRows((rows) => rows.length === 2, { timeoutMs: 2000 });
    await post({ body: requestWith([makeSpan({ name: 'one' }), makeSpan({ name: 'two' })]) });
    expect((await waiting).map((row) => row.operation_name)).toEqual(['one', 'two']);
    await expect(
      openobserve.waitForRows((rows) => rows.length === 3, { stream: 'default', timeoutMs: 100 }),
    ).rejects.toThrow(/timed out after 100 ms[\s\S]*"operation_name": "two"/);
  });

  it('close() is idempotent and drops hung requests', async () => {
    const other = await startOpenObserve();
    other.setDelayMs(Number.POSITIVE_INFINITY);
    const hanging = fetch(`${other.url}/api/default/v1/traces`, {
      method: 'POST',
      headers: { authorization: other.authToken, 'content-type': 'application/json' },
      body: requestWith([makeSpan()]),
    }).then(
      () => 'answered',
      () => 'failed',
    );
    await expect.poll(() => other.requests.length).toBe(1);
    await Promise.all([other.close(), other.close()]);
    await other.close();
    expect(await hanging).toBe('failed');
    await expect(other.acceptConnections()).rejects.toThrow(/closed/);
  });
});
