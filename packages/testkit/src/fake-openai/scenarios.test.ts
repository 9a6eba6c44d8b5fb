import { APIConnectionTimeoutError, APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { startFakeOpenAI } from './start-fake-openai.js';
import { testClient, useTestUpstream } from './test-client.js';

const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'hi' }] };

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('fake OpenAI: scenarios', () => {
  const upstream = useTestUpstream();

  it('answers an error status with an OpenAI-style body', async () => {
    upstream.fake.enqueue(
      { status: 429 },
      { status: 503, errorMessage: 'overloaded', errorType: 'server_error', errorCode: 'x' },
    );
    const rateLimited = await upstream.client.chat.completions.create(chat).catch((error: unknown) => error);
    expect(rateLimited).toBeInstanceOf(APIError);
    expect(rateLimited).toMatchObject({
      status: 429,
      type: 'requests',
      code: 'rate_limit_exceeded',
      param: null,
    });

    const response = await fetch(`${upstream.fake.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(chat),
    });
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      error: { message: 'overloaded', type: 'server_error', param: null, code: 'x' },
    });
  });

  it('applies scenarios in order, then the default, one per request', async () => {
    upstream.fake.setDefaultScenario({ content: 'default' });
    upstream.fake.enqueue({ content: 'first' }, { content: 'second' });
    const answers = [];
    for (let index = 0; index < 4; index += 1) {
      const completion = await upstream.client.chat.completions.create(chat);
      answers.push(completion.choices[0]?.message.content);
    }
    expect(answers).toEqual(['first', 'second', 'default', 'default']);
    upstream.fake.reset();
    const after = await upstream.client.chat.completions.create(chat);
    expect(after.choices[0]?.message.content).toBe('Hello from the fake upstream.');
    expect(upstream.fake.requests).toHaveLength(1);
  });

  it('answers unknown paths with a 404 OpenAI error without using a scenario', async () => {
    upstream.fake.enqueue({ content: 'kept' });
    const response = await fetch(`${upstream.fake.baseURL}/nope`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      error: {
        message: 'Invalid URL (POST /v1/nope)',
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    });
    const completion = await upstream.client.chat.completions.create(chat);
    expect(completion.choices[0]?.message.content).toBe('kept');
    expect(upstream.fake.requests.map((request) => request.path)).toEqual([
      '/v1/nope',
      '/v1/chat/completions',
    ]);
  });

  it('rejects a body without a model with a 400', async () => {
    const error = await upstream.client.chat.completions
      .create({ messages: [] } as unknown as typeof chat)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 400, param: 'model' });
  });

  it('waits latencyMs before answering', async () => {
    upstream.fake.enqueue({ latencyMs: 300 });
    const started = Date.now();
    await upstream.client.chat.completions.create(chat);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('spaces stream chunks by chunkDelayMs', async () => {
    upstream.fake.enqueue({ chunkDelayMs: 40, content: 'a b c' });
    const started = Date.now();
    const stream = await upstream.client.chat.completions.create({ ...chat, stream: true });
    let count = 0;
    for await (const _chunk of stream) count += 1;
    expect(count).toBe(5);
    expect(Date.now() - started).toBeGreaterThanOrEqual(5 * 40 - 10);
  });

  it('breaks the stream after failAfterChunks chunks', async () => {
    upstream.fake.enqueue({ failAfterChunks: 2 });
    const stream = await upstream.client.chat.completions.create({ ...chat, stream: true });
    const received: unknown[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) received.push(chunk);
      })(),
    ).rejects.toThrow();
    expect(received).toHaveLength(2);
    expect(upstream.fake.requests[0]?.aborted).toBe(false);
  });

  it('hangs until the client times out, and records the abort', async () => {
    upstream.fake.enqueue({ hang: true });
    const impatient = testClient(upstream.fake.baseURL, { timeout: 500 });
    const started = Date.now();
    await expect(impatient.chat.completions.create(chat)).rejects.toBeInstanceOf(APIConnectionTimeoutError);
    expect(Date.now() - started).toBeLessThan(3000);
    await waitFor(() => upstream.fake.requests[0]?.aborted === true);
  });

  it('sets aborted when the client aborts mid-stream, and not for completed requests', async () => {
    await upstream.client.chat.completions.create(chat);
    upstream.fake.enqueue({ chunkDelayMs: 100 });
    const controller = new AbortController();
    const stream = await upstream.client.chat.completions.create(
      { ...chat, stream: true },
      { signal: controller.signal },
    );
    let received = 0;
    // The SDK ends the iteration quietly (or throws an abort error, depending on timing) once aborted.
    await (async () => {
      for await (const _chunk of stream) {
        received += 1;
        controller.abort();
      }
    })().catch(() => undefined);
    expect(received).toBe(1);
    await waitFor(() => upstream.fake.requests[1]?.aborted === true);
    expect(upstream.fake.requests[0]?.aborted).toBe(false);
  });

  it('releases hung requests on reset()', async () => {
    upstream.fake.enqueue({ hang: true });
    const pending = upstream.client.chat.completions.create(chat).catch((error: unknown) => error);
    await waitFor(() => upstream.fake.requests.length === 1);
    const hung = upstream.fake.requests[0];
    upstream.fake.reset();
    expect(await pending).toBeInstanceOf(APIError);
    expect(hung?.aborted).toBe(false);
    expect(upstream.fake.requests).toHaveLength(0);
  });

  it('close() is idempotent and ends hung requests', async () => {
    const other = await startFakeOpenAI();
    other.setDefaultScenario({ hang: true });
    const pending = testClient(other.baseURL)
      .chat.completions.create(chat)
      .catch((error: unknown) => error);
    await waitFor(() => other.requests.length === 1);
    await Promise.all([other.close(), other.close()]);
    await other.close();
    expect(await pending).toBeInstanceOf(APIError);
    await expect(fetch(other.url)).rejects.toThrow();
  });
});
