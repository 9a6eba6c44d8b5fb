import { instrumentOpenAI, type OpenObserveHandle, openobserveInit } from '@portobserve/core';
import { Portkey } from 'portkey-ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { llmRows, PORTKEY_KEY, PROVIDER_KEY, useClientStack } from './support/client-stack.js';
import { expectLLMRow } from './support/expect-llm-row.js';

const stack = useClientStack();
let handle: OpenObserveHandle;
let uninstrument: () => void;
beforeAll(() => {
  Object.assign(process.env, stack.env);
  handle = openobserveInit();
  uninstrument = instrumentOpenAI();
});
afterAll(async () => {
  uninstrument();
  await handle.shutdown();
});

/** Made after instrumentOpenAI(), as the README says: portkey-ai keeps the fetch it is created with. */
function portkey(): Portkey {
  return new Portkey({
    apiKey: PORTKEY_KEY,
    baseURL: stack.gateway.baseURL,
    provider: 'openai',
    customHost: stack.upstream.baseURL.replace(/\/+$/, ''),
    Authorization: `Bearer ${PROVIDER_KEY}`,
  });
}
const SERVED = 'gpt-4o-mini-2024-07-18';
async function only(count: number) {
  const rows = await llmRows(stack.openobserve, count, () => handle.forceFlush());
  expect(rows).toHaveLength(count);
  for (const row of rows) expect(JSON.stringify(row)).not.toContain(PORTKEY_KEY);
  return rows;
}

describe('portkey-ai 3.x through the gateway', () => {
  it('chat.completions.create: one span with tokens, cost and the served provider', async () => {
    stack.upstream.enqueue({
      content: 'Hello from portkey-ai.',
      usage: { promptTokens: 10, completionTokens: 5 },
    });
    const answer = await portkey().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(answer.choices[0]?.message?.content).toBe('Hello from portkey-ai.');
    const [row] = await only(1);
    expectLLMRow(row, {
      spanName: 'ChatCompletion',
      requestedModel: 'gpt-4o-mini',
      servedModel: SERVED,
      inputTokens: 10,
      outputTokens: 5,
      status: 'OK',
    });
  });

  it('chat.completions.create with stream: true: one span over the stream', async () => {
    stack.upstream.enqueue({ content: 'one two three', usage: { promptTokens: 4, completionTokens: 3 } });
    const stream = await portkey().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Count' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('one two three');
    const [row] = await only(1);
    expectLLMRow(row, {
      spanName: 'ChatCompletion',
      requestedModel: 'gpt-4o-mini',
      servedModel: SERVED,
      inputTokens: 4,
      outputTokens: 3,
      status: 'OK',
      streamEnd: 'complete',
    });
  });

  it('completions.create and embeddings.create: one span each', async () => {
    stack.upstream.enqueue(
      { content: 'legacy', usage: { promptTokens: 3, completionTokens: 1 } },
      { usage: { promptTokens: 2 } },
    );
    const completion = await portkey().completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'Say' });
    expect(completion.choices[0]?.text).toBe('legacy');
    await portkey().embeddings.create({ model: 'text-embedding-3-small', input: 'vector me' });
    const [text, embedding] = await only(2);
    expectLLMRow(text, {
      spanName: 'TextCompletion',
      requestedModel: 'gpt-3.5-turbo-instruct',
      inputTokens: 3,
      outputTokens: 1,
      status: 'OK',
    });
    expectLLMRow(embedding, {
      spanName: 'Embeddings',
      requestedModel: 'text-embedding-3-small',
      inputTokens: 2,
      status: 'OK',
    });
  });

  it('responses.create, which portkey-ai forwards to its own nested openai 6.8.1: one span', async () => {
    stack.upstream.enqueue({ content: 'forwarded', usage: { promptTokens: 6, completionTokens: 1 } });
    const response = await portkey().responses.create({ model: 'gpt-4o-mini', input: 'Hi' });
    expect(response.output_text).toBe('forwarded');
    const [row] = await only(1);
    expectLLMRow(row, {
      spanName: 'Response',
      requestedModel: 'gpt-4o-mini',
      servedModel: SERVED,
      inputTokens: 6,
      outputTokens: 1,
      status: 'OK',
    });
  });

  it('an upstream 429: one ERROR span with error.type 429, and the caller gets the error', async () => {
    stack.upstream.enqueue({ status: 429, errorMessage: 'Rate limit reached for gpt-4o-mini' });
    await expect(
      portkey().chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    ).rejects.toThrow(/Rate limit|429/);
    const [row] = await only(1);
    expectLLMRow(row, {
      spanName: 'ChatCompletion',
      requestedModel: 'gpt-4o-mini',
      status: 'ERROR',
      errorType: '429',
    });
  });

  it('a mid-stream failure: an ERROR span', async () => {
    stack.upstream.enqueue({ content: 'a b c d e f g h', failAfterChunks: 2, chunkDelayMs: 5 });
    const stream = await portkey().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    });
    let text = '';
    try {
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    } catch {
      // a client may surface the truncated stream
    }
    expect(text.length).toBeLessThan('a b c d e f g h'.length);
    const [row] = await only(1);
    expectLLMRow(row, {
      spanName: 'ChatCompletion',
      requestedModel: 'gpt-4o-mini',
      servedModel: SERVED,
      status: 'ERROR',
      streamEnd: 'error',
    });
  });

  it('a break out of the stream: the span ends as cancelled', async () => {
    stack.upstream.enqueue({
      content: Array.from({ length: 100 }, (_, index) => `w${index}`).join(' '),
      chunkDelayMs: 10,
    });
    const stream = await portkey().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    });
    let chunks = 0;
    for await (const _chunk of stream) if (++chunks === 3) break;
    const [row] = await only(1);
    expect(row?.portobserve_stream_end).toBe('cancelled');
    expect(row?.span_status).not.toBe('ERROR');
  });
});
