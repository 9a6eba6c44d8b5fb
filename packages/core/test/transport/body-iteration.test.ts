import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { SpanStatusCode } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTracedFetch } from '../../src/index.js';
import { onlySpan, startTracing, waitFor } from '../instrumentation/support/harness.js';
import { closeServer } from './support/chat-answer.js';

// `for await` over a traced response's body (openai reads an event stream so) reads the fetched body
// directly, not through a pull of the pass-through per chunk: it must behave as the platform's own
// iterator does (the bytes, the lock, early exit, preventCancel, order) and end the span as a read does.
const tracing = startTracing();
let server: Server;
let url: string;
// Each answer: its events, then (unless `hold`) the usage chunk and [DONE]; `hold` keeps the rest back.
let hold: Promise<void> | undefined;
const closed: string[] = [];
beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => void answer(response));
    response.on('close', () => closed.push(request.url ?? ''));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/chat/completions`;
});
afterEach(async () => {
  await tracing.checkAndReset();
  hold = undefined;
  closed.length = 0;
});
afterAll(async () => {
  await closeServer(server);
  await tracing.stop();
});

const sse = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;
const chunk = (content: string, finish: string | null = null) =>
  sse({
    id: 'chatcmpl-3',
    object: 'chat.completion.chunk',
    model: 'gpt-4o-mini-2024-07-18',
    choices: [{ index: 0, delta: { content }, finish_reason: finish }],
  });
const usage = sse({
  id: 'chatcmpl-3',
  object: 'chat.completion.chunk',
  model: 'gpt-4o-mini-2024-07-18',
  choices: [],
  usage: { prompt_tokens: 4, completion_tokens: 3, total_tokens: 7 },
});
const events = [chunk('one '), chunk('two '), chunk('three', 'stop')];
const whole = `${events.join('')}${usage}data: [DONE]\n\n`;

async function answer(response: ServerResponse): Promise<void> {
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  // Each event in a write of its own, flushed before the next.
  for (const event of events.slice(0, 1)) response.write(event);
  await hold;
  for (const event of events.slice(1)) {
    await new Promise((resolve) => setImmediate(resolve));
    response.write(event);
  }
  response.end(`${usage}data: [DONE]\n\n`);
}

const request = (fetch: typeof globalThis.fetch, signal?: AbortSignal) =>
  fetch(url, {
    method: 'POST',
    body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'Hi' }] }),
    signal,
  });
const traced = (signal?: AbortSignal) => request(createTracedFetch(), signal);
// Node's type: the DOM's ReadableStream type has no async iteration.
const bodyOf = (response: Response) => response.body as unknown as NodeReadableStream<Uint8Array>;
const decoder = () => new TextDecoder();

async function readAll(body: AsyncIterable<Uint8Array>): Promise<string> {
  const text = decoder();
  let read = '';
  for await (const bytes of body) read += text.decode(bytes, { stream: true });
  return read;
}

describe('for await over a traced body', () => {
  it('gives every byte the server sent, locks the body while it runs, and ends the span with the usage', async () => {
    expect(await readAll(bodyOf(await request(fetch))), 'the platform’s own').toBe(whole);
    const body = bodyOf(await traced());
    const iterator = body[Symbol.asyncIterator]();
    expect(body.locked, 'locked while iterated, as the platform’s').toBe(true);
    expect(() => body.getReader(), 'a reader beside the iterator fails, as on the platform').toThrow(
      TypeError,
    );
    expect(await readAll({ [Symbol.asyncIterator]: () => iterator })).toBe(whole);
    expect(body.locked, 'released at the end').toBe(false);
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.status.code).toBe(SpanStatusCode.OK);
    expect(span.attributes).toMatchObject({
      'portobserve.stream.end': 'complete',
      'gen_ai.usage.input_tokens': 4,
      'gen_ai.usage.output_tokens': 3,
      'gen_ai.response.finish_reasons': ['stop'],
    });
  });

  it('a break cancels the body down to the socket and ends the span as cancelled', async () => {
    hold = new Promise(() => {});
    const body = bodyOf(await traced());
    for await (const _bytes of body) break;
    expect(body.locked).toBe(false);
    await waitFor(
      () => closed.length === 1,
      2000,
      () => 'the server never saw the connection close',
    );
    expect(onlySpan(await tracing.expectSettled(1)).attributes['portobserve.stream.end']).toBe('cancelled');
  });

  it('values({ preventCancel: true }) and a break leave the rest to a reader, as on the platform', async () => {
    const readRest = async (body: NodeReadableStream<Uint8Array>) => {
      const text = decoder();
      let read = '';
      for await (const bytes of body.values({ preventCancel: true })) {
        read += text.decode(bytes, { stream: true });
        break;
      }
      expect(body.locked).toBe(false);
      const reader = body.getReader();
      for (let next = await reader.read(); !next.done; next = await reader.read())
        read += text.decode(next.value, { stream: true });
      return read;
    };
    expect(await readRest(bodyOf(await request(fetch))), 'the platform’s own').toBe(whole);
    expect(await readRest(bodyOf(await traced()))).toBe(whole);
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.attributes).toMatchObject({
      'portobserve.stream.end': 'complete',
      'gen_ai.usage.input_tokens': 4,
    });
  });

  it('next() called again before the last one settled: the chunks come in order, as on the platform', async () => {
    const eager = async (body: NodeReadableStream<Uint8Array>) => {
      const iterator = body[Symbol.asyncIterator]();
      const text = decoder();
      let read = '';
      for (;;) {
        // More reads at once than the answer has chunks: several of them see the end.
        const results = await Promise.all(Array.from({ length: 8 }, () => iterator.next()));
        for (const result of results) if (!result.done) read += text.decode(result.value, { stream: true });
        if (results.some((result) => result.done)) return read;
      }
    };
    expect(await eager(bodyOf(await request(fetch))), 'the platform’s own').toBe(whole);
    expect(await eager(bodyOf(await traced()))).toBe(whole);
    expect(onlySpan(await tracing.expectSettled(1)).attributes['portobserve.stream.end']).toBe('complete');
  });

  it('a reader let go with a read pending, then for await: no chunk is lost, as on the platform', async () => {
    const afterAReader = async (body: NodeReadableStream<Uint8Array>) => {
      // Past the stream's start, so that the read pulls.
      await new Promise((resolve) => setTimeout(resolve, 20));
      const reader = body.getReader();
      const pending = reader.read();
      reader.releaseLock();
      await pending.catch(() => {});
      // The chunk that read had asked for waits in the stream.
      await new Promise((resolve) => setTimeout(resolve, 20));
      return readAll(body);
    };
    expect(await afterAReader(bodyOf(await request(fetch))), 'the platform’s own').toBe(whole);
    expect(await afterAReader(bodyOf(await traced()))).toBe(whole);
    expect(onlySpan(await tracing.expectSettled(1)).attributes['portobserve.stream.end']).toBe('complete');
  });

  it('a body that ended (read, left with break, cancelled) iterates again as empty and unlocked', async () => {
    const ways: Record<string, (body: NodeReadableStream<Uint8Array>) => Promise<unknown>> = {
      read: readAll,
      break: async (body) => {
        for await (const _bytes of body) break;
      },
      cancel: (body) => body.cancel(),
    };
    for (const [way, end] of Object.entries(ways)) {
      const again = async (response: Response) => {
        const body = bodyOf(response);
        await end(body);
        return { again: await readAll(body), locked: body.locked };
      };
      const platform = await again(await request(fetch));
      expect(platform, `the platform’s own, ${way}`).toEqual({ again: '', locked: false });
      expect(await again(await traced()), way).toEqual(platform);
      await tracing.expectSettled(1);
      await tracing.checkAndReset();
    }
  });

  it('an iterator let go before its first next() leaves the body to text(), which the span sees', async () => {
    const response = await traced();
    await bodyOf(response).values({ preventCancel: true }).return?.();
    expect(await response.text()).toBe(whole);
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.attributes).toMatchObject({
      'portobserve.stream.end': 'complete',
      'gen_ai.usage.input_tokens': 4,
    });
  });

  it('preventCancel is read as the platform reads it (any truthy value), and the iterator is the platform’s kind', async () => {
    const afterBreak = async (response: Response) => {
      const body = bodyOf(response);
      const iterator = body.values({ preventCancel: 1 as unknown as boolean });
      const disposable = typeof (iterator as unknown as Record<symbol, unknown>)[Symbol.asyncDispose];
      const text = decoder();
      let read = '';
      for await (const bytes of iterator) {
        read += text.decode(bytes, { stream: true });
        break;
      }
      const reader = body.getReader();
      for (let next = await reader.read(); !next.done; next = await reader.read())
        read += text.decode(next.value, { stream: true });
      return { disposable, read };
    };
    const platform = await afterBreak(await request(fetch));
    expect(platform.read, 'the platform’s own body stayed open for the reader').toBe(whole);
    expect(await afterBreak(await traced())).toEqual(platform);
    expect(onlySpan(await tracing.expectSettled(1)).attributes['portobserve.stream.end']).toBe('complete');
  });

  it('an abort mid-iteration rejects the next read and ends the span as aborted', async () => {
    hold = new Promise(() => {});
    const controller = new AbortController();
    const iterator = bodyOf(await traced(controller.signal))[Symbol.asyncIterator]();
    expect((await iterator.next()).done).toBe(false);
    const pending = iterator.next();
    controller.abort();
    await expect(pending).rejects.toThrow();
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['error.type']).toBeUndefined();
    expect(span.attributes['portobserve.stream.end']).toBe('aborted');
    // openai returns the iterator after an abort: that ends nothing a second time.
    await expect(iterator.return?.()).resolves.toEqual({ done: true, value: undefined });
  });
});
