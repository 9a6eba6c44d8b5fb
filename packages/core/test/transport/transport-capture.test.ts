import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTracedFetch, instrumentOpenAI } from '../../src/index.js';
import { onlySpan, recordedMessages, startTracing, waitFor } from '../instrumentation/support/harness.js';
import { closeServer, completion } from './support/chat-answer.js';

// The transport capture against a local server the test controls chunk by chunk: what the caller gets is
// exactly what the server sent, when it sent it; a cancel reaches the socket; one span per LLM request.
const tracing = startTracing();
let server: Server;
let baseURL: string;
let handler: (request: IncomingMessage, body: string, response: ServerResponse) => void;
const closed: string[] = [];
beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += String(chunk);
    });
    request.on('end', () => handler(request, body, response));
    response.on('close', () => closed.push(request.url ?? ''));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterEach(async () => {
  await tracing.checkAndReset();
  closed.length = 0;
});
afterAll(async () => {
  await closeServer(server);
  await tracing.stop();
});

const chatBody = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], ...extra });
const sse = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;
const chunk = (content: string, finish: string | null = null) => ({
  id: 'chatcmpl-2',
  object: 'chat.completion.chunk',
  model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, delta: { content }, finish_reason: finish }],
});

describe('createTracedFetch', () => {
  it('passes the JSON answer through unchanged and makes one span from it', async () => {
    const raw = JSON.stringify(completion, null, 2);
    handler = (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'x-portkey-provider': 'azure-openai' });
      response.end(raw);
    };
    const response = await createTracedFetch()(`${baseURL}/chat/completions`, {
      method: 'POST',
      body: chatBody(),
    });
    expect(response.status).toBe(200);
    expect(response.url).toBe(`${baseURL}/chat/completions`);
    expect(response.headers.get('x-portkey-provider')).toBe('azure-openai');
    expect(await response.text(), 'the very bytes the server sent').toBe(raw);
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.name).toBe('ChatCompletion');
    expect(span.status.code).toBe(SpanStatusCode.OK);
    expect(span.attributes).toMatchObject({
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.usage.input_tokens': 5,
      'gen_ai.usage.output_tokens': 2,
      'gen_ai.provider.name': 'azure.ai.openai',
      'portkey.provider': 'azure-openai',
    });
    expect(recordedMessages(span, 'input')).toEqual([{ role: 'user', content: 'Hi' }]);
  });

  it('a consumer that takes each chunk over (transfers it) reads to the end, and the span ends OK', async () => {
    const raw = JSON.stringify(completion);
    handler = (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write(raw.slice(0, 20));
      setTimeout(() => response.end(raw.slice(20)), 20);
    };
    const response = await createTracedFetch()(`${baseURL}/chat/completions`, {
      method: 'POST',
      body: chatBody(),
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
      structuredClone(value, { transfer: [value.buffer] }); // as to a worker: the chunk is detached
    }
    expect(text).toBe(raw);
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.status.code).toBe(SpanStatusCode.OK);
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(2);
  });

  it('a JSON answer split inside a character, with a BOM, is read as the client reads it', async () => {
    const text = 'Grüße, 世界 🌍';
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(
        JSON.stringify({
          ...completion,
          choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
        }),
      ),
    ]);
    const split = bytes.indexOf(Buffer.from('ü')) + 1;
    expect(bytes[split - 1], 'the first chunk ends inside the ü').toBe(0xc3);
    handler = (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write(bytes.subarray(0, split));
      setTimeout(() => response.end(bytes.subarray(split)), 20);
    };
    const response = await createTracedFetch()(`${baseURL}/chat/completions`, {
      method: 'POST',
      body: chatBody(),
    });
    const seenByClient = (await response.json()) as { choices: Array<{ message: { content: string } }> };
    expect(seenByClient.choices[0]?.message.content).toBe(text);
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(2);
    expect(recordedMessages(span, 'output')).toEqual([
      expect.objectContaining({ role: 'assistant', content: text }),
    ]);
  });

  it('does not buffer a stream: the caller reads the first event while the server still holds the rest', async () => {
    let release: () => void = () => {};
    handler = (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(sse(chunk('first ')));
      release = () => {
        response.write(sse(chunk('second', 'stop')));
        response.write(
          sse({
            ...chunk(''),
            choices: [],
            usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
          }),
        );
        response.end('data: [DONE]\n\n');
      };
    };
    const response = await createTracedFetch()(`${baseURL}/chat/completions`, {
      method: 'POST',
      body: chatBody({ stream: true }),
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    const first = await reader.read();
    expect(decoder.decode(first.value)).toContain('first ');
    expect(tracing.openSpans(), 'the span stays open while the stream is read').toEqual(['ChatCompletion']);
    release();
    let rest = '';
    for (let next = await reader.read(); !next.done; next = await reader.read())
      rest += decoder.decode(next.value);
    expect(rest).toContain('[DONE]');
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.attributes).toMatchObject({
      'portobserve.stream.end': 'complete',
      'gen_ai.usage.input_tokens': 3,
      'gen_ai.response.finish_reasons': ['stop'],
    });
    expect(span.attributes['gen_ai.response.time_to_first_chunk']).toEqual(expect.any(Number));
    expect(recordedMessages(span, 'output')[0]?.content).toBe('first second');
  });

  it('a cancel of the body reaches the socket and ends the span as cancelled', async () => {
    handler = (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(sse(chunk('one ')));
      // Never ends on its own.
    };
    const response = await createTracedFetch()(`${baseURL}/chat/completions`, {
      method: 'POST',
      body: chatBody({ stream: true }),
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await reader.cancel();
    await waitFor(
      () => closed.length === 1,
      2000,
      () => 'the server never saw the connection close',
    );
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.attributes['portobserve.stream.end']).toBe('cancelled');
  });

  it('an error answer ends the span as an error with its message; a gateway failure is marked', async () => {
    handler = (_request, _body, response) => {
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'failure', message: 'Invalid provider passed' }));
    };
    const response = await createTracedFetch()(`${baseURL}/chat/completions`, {
      method: 'POST',
      body: chatBody(),
    });
    expect(await response.json()).toEqual({ status: 'failure', message: 'Invalid provider passed' });
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.status).toMatchObject({ code: SpanStatusCode.ERROR, message: '400 Invalid provider passed' });
    expect(span.attributes).toMatchObject({ 'error.type': '400', 'portkey.gateway_exception': true });
    expect(
      span.attributes['gen_ai.input.messages'],
      'a failed call keeps its prompt out of estimates',
    ).toBeUndefined();
    expect(span.attributes['portobserve.failed.gen_ai.input.messages']).toEqual(expect.any(String));
  });

  it('sends the trace as traceparent and x-portkey-trace-id, and keeps a trace id the caller set', async () => {
    const seen: Array<Record<string, unknown>> = [];
    handler = (request, _body, response) => {
      seen.push(request.headers);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(completion));
    };
    const traced = createTracedFetch();
    await (await traced(`${baseURL}/chat/completions`, { method: 'POST', body: chatBody() })).text();
    await (
      await traced(`${baseURL}/chat/completions`, {
        method: 'POST',
        body: chatBody(),
        headers: { 'x-portkey-trace-id': 'mine' },
      })
    ).text();
    const [first, second] = await tracing.expectSettled(2);
    expect(seen[0]?.['x-portkey-trace-id']).toBe(first?.spanContext().traceId);
    expect(String(seen[0]?.traceparent)).toContain(first?.spanContext().spanId);
    expect(seen[1]?.['x-portkey-trace-id']).toBe('mine');
    expect(String(seen[1]?.traceparent)).toContain(second?.spanContext().spanId);
  });

  it('installed as the global fetch itself (globalThis.fetch = createTracedFetch()): one span, no loop', async () => {
    handler = (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(completion));
    };
    const original = globalThis.fetch;
    globalThis.fetch = createTracedFetch();
    try {
      const response = await fetch(`${baseURL}/chat/completions`, { method: 'POST', body: chatBody() });
      expect(await response.json()).toEqual(completion);
    } finally {
      globalThis.fetch = original;
    }
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(5);
  });

  it('under a wrapper that awaits before it calls it (a test mock): each request is sent once, one span each', async () => {
    let sent = 0;
    handler = (_request, _body, response) => {
      sent += 1;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(completion));
    };
    const original = globalThis.fetch;
    globalThis.fetch = createTracedFetch();
    const traced = globalThis.fetch;
    let wrapped = 0;
    globalThis.fetch = async (input, init) => {
      wrapped += 1;
      if (wrapped > 10) throw new Error('the request goes round and round');
      await Promise.resolve();
      return traced(input, init);
    };
    try {
      for (let request = 0; request < 2; request++) {
        const response = await fetch(`${baseURL}/chat/completions`, { method: 'POST', body: chatBody() });
        expect(await response.json()).toEqual(completion);
      }
    } finally {
      globalThis.fetch = original;
    }
    expect(sent).toBe(2);
    // The first request finds the loop (through the wrapper twice); the next one goes straight out.
    expect(wrapped).toBe(3);
    expect(await tracing.expectSettled(2)).toHaveLength(2);
  });

  it('leaves every other request alone', async () => {
    handler = (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"data":[]}');
    };
    const traced = createTracedFetch();
    await (await traced(`${baseURL}/models`)).text();
    await (await traced(`${baseURL}/files`, { method: 'POST', body: '{}' })).text();
    await tracing.expectSettled(0);
  });

  /** A stream whose server sent one event and holds the rest; the caller read that event. */
  async function readOneEvent() {
    handler = (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(sse(chunk('one ')));
    };
    const controller = new AbortController();
    const response = await createTracedFetch()(`${baseURL}/chat/completions`, {
      method: 'POST',
      body: chatBody({ stream: true }),
      signal: controller.signal,
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    return { reader, controller };
  }

  /** The same, then the caller aborted. */
  async function readOneEventThenAbort(): Promise<ReadableStreamDefaultReader<Uint8Array>> {
    const { reader, controller } = await readOneEvent();
    controller.abort();
    return reader;
  }

  it('an abort mid-stream ends the span as aborted', async () => {
    const reader = await readOneEventThenAbort();
    await expect(reader.read()).rejects.toThrow();
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.attributes['portobserve.stream.end']).toBe('aborted');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['error.type']).toBeUndefined();
  });

  it('a timeout mid-stream (the reason AbortSignal.timeout() gives) is an error, not a stop', async () => {
    const { reader, controller } = await readOneEvent();
    controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    await expect(reader.read()).rejects.toThrow();
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.attributes['portobserve.stream.end']).toBe('aborted');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('TimeoutError');
  });

  it('an abort while no read waits, then a cancel (openai 7 leaves a loop so on a break): cancelled', async () => {
    const reader = await readOneEventThenAbort();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The abort interrupted nothing: it reaches us only through the cancel, which the failed body rejects.
    await reader.cancel().catch(() => {});
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.attributes['portobserve.stream.end']).toBe('cancelled');
    expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
  });

  it('an abort while a read waits, and a cancel at once (as openai 7 does on an abort): aborted', async () => {
    const { reader, controller } = await readOneEvent();
    const waiting = reader.read();
    // The read waits for the server's next event.
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    // Before the abort has failed the waiting read.
    await reader.cancel().catch(() => {});
    await waiting.catch(() => {});
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.attributes['portobserve.stream.end']).toBe('aborted');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['error.type']).toBeUndefined();
  });
});

describe('the app-wide capture of the global fetch', () => {
  it('traces gateway requests only: x-portkey-* headers or a gateway URL', async () => {
    handler = (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(completion));
    };
    const original = globalThis.fetch;
    const uninstrument = instrumentOpenAI({ gatewayURLs: [`${baseURL.replace('/v1', '')}/gateway`] });
    expect(globalThis.fetch).not.toBe(original);
    try {
      const post = (path: string, headers: Record<string, string> = {}) =>
        fetch(`${baseURL.replace('/v1', '')}${path}`, { method: 'POST', body: chatBody(), headers }).then(
          (r) => r.text(),
        );
      await post('/v1/chat/completions');
      await post('/v1/chat/completions', { 'x-portkey-provider': 'openai' });
      await post('/gateway/v1/chat/completions');
    } finally {
      uninstrument();
    }
    expect((await tracing.expectSettled(2)).map((span) => span.name)).toEqual([
      'ChatCompletion',
      'ChatCompletion',
    ]);
    expect(globalThis.fetch, 'undone: the original fetch is back').toBe(original);
  });

  it('steps aside when another instrumentation’s LLM span is active, and adds the Portkey facts to it', async () => {
    handler = (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'x-portkey-provider': 'openai' });
      response.end(JSON.stringify(completion));
    };
    const uninstrument = instrumentOpenAI();
    try {
      await trace
        .getTracer('ai')
        .startActiveSpan(
          'ai.generateText.doGenerate',
          { attributes: { 'ai.operationId': 'ai.generateText.doGenerate' } },
          async (span) => {
            await (
              await fetch(`${baseURL}/chat/completions`, {
                method: 'POST',
                body: chatBody(),
                headers: { 'x-portkey-provider': 'openai' },
              })
            ).text();
            span.end();
          },
        );
    } finally {
      uninstrument();
    }
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.name).toBe('ai.generateText.doGenerate');
    expect(span.attributes['portkey.provider']).toBe('openai');
  });
});

describe('createTracedFetch beside the app-wide instrumentOpenAI()', () => {
  it('a gateway request through both, and an openai client given the traced fetch: one span each', async () => {
    handler = (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'x-portkey-provider': 'openai' });
      response.end(JSON.stringify(completion));
    };
    const uninstrument = instrumentOpenAI({ gatewayURLs: [baseURL] });
    try {
      // The traced fetch wraps the global one, which the app-wide call also traces.
      const traced = createTracedFetch();
      await (await traced(`${baseURL}/chat/completions`, { method: 'POST', body: chatBody() })).text();
      // The openai class path has the request: the traced fetch below it only sends it.
      const client = new OpenAI({ apiKey: 'sk-test', baseURL, fetch: traced, maxRetries: 0 });
      await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Hi' }],
      });
    } finally {
      uninstrument();
    }
    const spans = await tracing.expectSettled(2);
    expect(spans.map((span) => span.attributes['gen_ai.usage.input_tokens'])).toEqual([5, 5]);
  });
});

describe('broken answers reach the caller as they were, and the span still ends', () => {
  const post = (stream = false) =>
    createTracedFetch()(`${baseURL}/chat/completions`, {
      method: 'POST',
      body: chatBody(stream ? { stream } : {}),
    });

  it('a JSON answer without usage, model or choices: OK, no counts', async () => {
    handler = (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    };
    expect(await (await post()).text()).toBe('{}');
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.status.code).toBe(SpanStatusCode.OK);
    expect(span.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
    expect(span.attributes['gen_ai.response.model']).toBeUndefined();
  });

  it('a 200 that is not JSON, with invalid UTF-8: the very bytes pass through, the span is an error', async () => {
    const bytes = Buffer.concat([
      Buffer.from('<html>'),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('</html>'),
    ]);
    handler = (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(bytes);
    };
    expect(Buffer.from(await (await post()).arrayBuffer())).toEqual(bytes);
    // An LLM endpoint's 200 that is not JSON is a failed call, whoever parses it.
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('SyntaxError');
  });

  it('a stream sent as application/json (the client reads events whatever it says): the span has the usage', async () => {
    handler = (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write(sse(chunk('one ', 'stop')));
      response.end(
        `${sse({ ...chunk(''), choices: [], usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } })}data: [DONE]\n\n`,
      );
    };
    await (await post(true)).text();
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(span.attributes).toMatchObject({
      'portobserve.stream.end': 'complete',
      'gen_ai.usage.input_tokens': 3,
    });
  });

  it('a 200 JSON answer of whitespace only: an error, as openai 7 throws on it', async () => {
    handler = (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('\n');
    };
    expect(await (await post()).text()).toBe('\n');
    expect(onlySpan(await tracing.expectSettled(1)).attributes['error.type']).toBe('SyntaxError');
  });

  it('an empty stream (only [DONE]): an error, the stream ended before the model finished', async () => {
    handler = (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end('data: [DONE]\n\n');
    };
    expect(await (await post(true)).text()).toBe('data: [DONE]\n\n');
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.attributes).toMatchObject({
      'portobserve.stream.end': 'error',
      'error.type': 'IncompleteStreamError',
    });
  });

  it('a garbage stream: passed through unchanged, the span ends as an error', async () => {
    const garbage = `: keep-alive\n\ndata: not json\n\ndata: {"choices":[{"delta":\n\nevent: x\ndata: ${'\u00ff'.repeat(10)}\n\n`;
    handler = (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(garbage);
    };
    expect(await (await post(true)).text()).toBe(garbage);
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.attributes['portobserve.stream.end']).toBe('error');
  });

  it('an in-band error chunk mid-stream: the span is an error with its message', async () => {
    handler = (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(sse(chunk('partial ')));
      response.end(
        sse({
          error: { message: 'The server had an error while processing your request.', type: 'server_error' },
        }),
      );
    };
    await (await post(true)).text();
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.status).toMatchObject({
      code: SpanStatusCode.ERROR,
      message: 'The server had an error while processing your request.',
    });
  });
});
