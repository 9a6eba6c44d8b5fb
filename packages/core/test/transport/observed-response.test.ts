import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanStatusCode } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTracedFetch } from '../../src/index.js';
import { collectGarbage, collectGarbageUntil } from '../instrumentation/support/garbage-collection.js';
import { onlySpan, startTracing } from '../instrumentation/support/harness.js';
import { closeServer, completion } from './support/chat-answer.js';

// The response the transport capture hands back is read the way the caller chooses (json(), text(),
// arrayBuffer(), blob(), its body stream, a clone): each gives what the platform's own response gives,
// and each ends the call's one span with the answer's usage.
const tracing = startTracing();
let server: Server;
let url: string;
let answer: { status: number; contentType: string; body: string };
beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(answer.status, { 'content-type': answer.contentType });
      response.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/chat/completions`;
});
afterEach(() => tracing.checkAndReset());
afterAll(async () => {
  await closeServer(server);
  await tracing.stop();
});

const raw = JSON.stringify(completion);
const post = (fetch = createTracedFetch()) =>
  fetch(url, {
    method: 'POST',
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }),
  });
const answerWith = (body: string, status = 200, contentType = 'application/json') => {
  answer = { status, contentType, body };
};

async function expectOneOkSpanWithUsage(): Promise<void> {
  const span = onlySpan(await tracing.expectSettled(1));
  expect(span.status.code).toBe(SpanStatusCode.OK);
  expect(span.attributes).toMatchObject({
    'gen_ai.usage.input_tokens': 5,
    'gen_ai.usage.output_tokens': 2,
    'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
  });
}

describe('the traced response', () => {
  it('is a Response like the original: class, status, headers, url, redirected, type', async () => {
    answerWith(raw);
    const plain = await fetch(url, { method: 'POST', body: '{}' });
    const response = await post();
    expect(response).toBeInstanceOf(Response);
    expect(response.constructor.name).toBe('Response');
    expect(Object.prototype.toString.call(response)).toBe('[object Response]');
    for (const key of ['status', 'statusText', 'ok', 'url', 'redirected', 'type', 'bodyUsed'] as const) {
      expect(response[key], key).toEqual(plain[key]);
    }
    await plain.text();
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual(completion);
    expect(response.bodyUsed).toBe(true);
    await expectOneOkSpanWithUsage();
  });

  it.each([
    ['bytes()', async (response: Response) => new TextDecoder().decode(await response.bytes())],
    ['json()', async (response: Response) => JSON.stringify(await response.json())],
    ['text()', (response: Response) => response.text()],
    ['arrayBuffer()', async (response: Response) => new TextDecoder().decode(await response.arrayBuffer())],
    ['blob()', async (response: Response) => (await response.blob()).text()],
    ['its body stream', (response: Response) => new Response(response.body).text()],
  ])('read with %s: the very answer, and one span with its usage', async (_how, read) => {
    answerWith(raw);
    expect(await read(await post())).toBe(raw);
    await expectOneOkSpanWithUsage();
  });

  it('a fetch whose body is not the platform’s stream (a polyfill’s): the caller reads it, the span has the usage', async () => {
    const bytes = new TextEncoder().encode(raw);
    let reads = 0;
    const polyfillBody = {
      getReader: () => ({
        read: async () => (reads++ === 0 ? { done: false, value: bytes } : { done: true, value: undefined }),
        cancel: async () => {},
        releaseLock: () => {},
      }),
    };
    const polyfillFetch = (async () => ({
      ok: true,
      status: 200,
      statusText: 'OK',
      headers: new Headers({ 'content-type': 'application/json' }),
      url,
      redirected: false,
      type: 'basic',
      body: polyfillBody,
    })) as unknown as typeof fetch;
    expect(await (await post(createTracedFetch({ fetch: polyfillFetch }))).text()).toBe(raw);
    await expectOneOkSpanWithUsage();
  });

  it('cancelling one clone’s body leaves the other to deliver the answer to the span', async () => {
    answerWith(raw);
    const response = await post();
    const copy = response.clone();
    // A tee's branch settles its cancel once the other branch is done, so it is awaited last.
    const cancelled = copy.body?.cancel();
    expect(await response.json()).toEqual(completion);
    await cancelled;
    await expectOneOkSpanWithUsage();
  });

  it('after json(), body is the used, locked stream, as on the original', async () => {
    answerWith(raw);
    const plain = await fetch(url, { method: 'POST', body: '{}' });
    const response = await post();
    await Promise.all([plain.json(), response.json()]);
    expect(response.body?.locked).toBe(plain.body?.locked);
    expect(response.bodyUsed).toBe(true);
    await expectOneOkSpanWithUsage();
  });

  it('a second read fails as it does on the original, and the span is not failed by it', async () => {
    answerWith(raw);
    const response = await post();
    await response.json();
    await expect(response.text()).rejects.toThrow(TypeError);
    await expectOneOkSpanWithUsage();
  });

  it('looking at body does not take it: text() afterwards reads it, as on the original', async () => {
    answerWith(raw);
    const response = await post();
    expect(response.body).toBeInstanceOf(ReadableStream);
    expect(response.body, 'the same stream each time').toBe(response.body);
    expect(response.bodyUsed).toBe(false);
    expect(await response.text()).toBe(raw);
    await expectOneOkSpanWithUsage();
  });

  it('a body the caller locked cannot be read with text() or cloned, as on the original', async () => {
    answerWith(raw);
    const response = await post();
    const reader = response.body?.getReader();
    await expect(response.text()).rejects.toThrow(TypeError);
    expect(() => response.clone()).toThrow(TypeError);
    let text = '';
    for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
      text += new TextDecoder().decode(read.value);
    }
    expect(text).toBe(raw);
    await expectOneOkSpanWithUsage();
  });

  it('a clone reads the same answer; reading only the clone, or both, makes one span', async () => {
    answerWith(raw);
    const onlyClone = await post();
    expect(await onlyClone.clone().json()).toEqual(completion);
    await expectOneOkSpanWithUsage();
    await tracing.checkAndReset();

    const both = await post();
    const copy = both.clone();
    expect(copy).toBeInstanceOf(Response);
    expect(copy.url).toBe(both.url);
    expect([await both.text(), await copy.text()]).toEqual([raw, raw]);
    await expectOneOkSpanWithUsage();
  });

  it('a 200 JSON answer that is not JSON, read with json(): the caller’s SyntaxError fails the span', async () => {
    answerWith('<html>login</html>');
    await expect((await post()).json()).rejects.toThrow(SyntaxError);
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('SyntaxError');
    expect(
      span.attributes['gen_ai.input.messages'],
      'a failed call keeps its prompt out of estimates',
    ).toBeUndefined();
  });

  it('a 200 JSON answer that is not JSON, read with text() (openai 7, the AI SDK): the span is an error', async () => {
    answerWith('<html>login</html>');
    expect(await (await post()).text()).toBe('<html>login</html>');
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('SyntaxError');
    expect(span.attributes['gen_ai.input.messages']).toBeUndefined();
  });

  it('a 200 JSON answer that is not JSON, read from its body stream: the span is an error', async () => {
    answerWith('<html>login</html>');
    const body = (await post()).body;
    expect(await new Response(body).text()).toBe('<html>login</html>');
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('SyntaxError');
  });

  it('a 200 text/html answer read with text(): OK without a result, as openai returns it as a string', async () => {
    answerWith('<html>login</html>', 200, 'text/html');
    expect(await (await post()).text()).toBe('<html>login</html>');
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.status.code).toBe(SpanStatusCode.OK);
    expect(span.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
  });

  it('an empty 200 JSON answer read with text(): OK without a result, as openai 7 takes it', async () => {
    answerWith('');
    expect(await (await post()).text()).toBe('');
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.status.code).toBe(SpanStatusCode.OK);
    expect(span.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
  });

  it('an error answer read with text(): the span is an error with the body’s message', async () => {
    const failure = JSON.stringify({ error: { message: 'Rate limit reached', type: 'rate_limit' } });
    answerWith(failure, 429);
    expect(await (await post()).text()).toBe(failure);
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.status).toMatchObject({ code: SpanStatusCode.ERROR, message: '429 Rate limit reached' });
  });

  it('a response dropped unread ends its span as dropped when it is garbage collected', async () => {
    answerWith(raw);
    // In a function, so no reference to the response survives it.
    await (async () => {
      await post(createTracedFetch({ idleTimeoutMs: 60_000 }));
    })();
    expect(tracing.spans()).toHaveLength(0);
    await collectGarbageUntil(() => tracing.spans().length > 0, 'the dropped response');
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(span.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
  });

  it('read after a garbage collection: the response, and a clone, still deliver the answer', async () => {
    answerWith(raw);
    const response = await post();
    const copy = response.clone();
    await collectGarbage();
    expect(await copy.text()).toBe(raw);
    expect(await response.json()).toEqual(completion);
    await expectOneOkSpanWithUsage();
  });

  it('the fetched response is let go once its body is being read (a long stream does not keep it)', async () => {
    answerWith(raw);
    let fetched: WeakRef<Response> | undefined;
    const keepingRef: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      fetched = new WeakRef(response);
      return response;
    };
    const response = await post(createTracedFetch({ fetch: keepingRef }));
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    await collectGarbage();
    expect(fetched?.deref(), 'the original response, after the first read').toBeUndefined();
    let text = new TextDecoder().decode(first.value);
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      text += new TextDecoder().decode(read.value);
    }
    expect(text).toBe(raw);
    await expectOneOkSpanWithUsage();
  });

  it('a body stream held after its response is dropped still delivers, and its span has the usage', async () => {
    answerWith(raw);
    const body = await (async () => (await post(createTracedFetch({ idleTimeoutMs: 60_000 }))).body)();
    await collectGarbage();
    expect(tracing.spans(), 'no span ended while its body can still be read').toHaveLength(0);
    expect(await new Response(body).text()).toBe(raw);
    await expectOneOkSpanWithUsage();
  });
});
