import { SpanStatusCode } from '@opentelemetry/api';
import {
  type FakeOpenAI,
  type PortkeyGateway,
  portkeyRoutingHeaders,
  startFakeOpenAI,
  startPortkeyGateway,
} from '@portobserve/testkit';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { instrumentOpenAI } from '../../src/index.js';
import { onlySpan, startTracing, user } from './support/harness.js';

// Through the real Portkey gateway (a child process) to the fake upstream.
const tracing = startTracing();
let fake: FakeOpenAI;
let gateway: PortkeyGateway;
let client: OpenAI;
let uninstrument: () => void;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  gateway = await startPortkeyGateway();
  uninstrument = instrumentOpenAI(OpenAI, { includeStreamUsage: true });
  client = new OpenAI({
    apiKey: 'unused-by-portkey',
    baseURL: gateway.baseURL,
    defaultHeaders: portkeyRoutingHeaders(fake.baseURL),
    maxRetries: 0,
  });
});
afterEach(async () => {
  await tracing.checkAndReset();
  fake.reset();
});
afterAll(async () => {
  uninstrument?.();
  await gateway?.stop();
  await fake?.close();
  await tracing.stop();
});

describe('through the Portkey gateway', () => {
  it('plain chat: token counts, served model and cost', async () => {
    fake.enqueue({ content: 'via the gateway', usage: { promptTokens: 30, completionTokens: 3 } });
    const answer = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [user('hi')] });
    expect(answer.choices[0]?.message.content).toBe('via the gateway');
    expect(fake.requests).toHaveLength(1);

    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.status.code).toBe(SpanStatusCode.OK);
    expect(span.attributes).toMatchObject({
      'server.address': '127.0.0.1',
      'server.port': gateway.port,
      'llm.model_name': 'gpt-4o-mini-2024-07-18',
      'output.value': 'via the gateway',
      'llm.token_count.prompt': 30,
      'llm.token_count.completion': 3,
      'llm.token_count.total': 33,
      'gen_ai.usage.input_tokens': 30,
      'gen_ai.usage.output_tokens': 3,
    });
    expect(span.attributes['llm.cost.total']).toBeGreaterThan(0);
  });

  it('streamed chat with includeStreamUsage: token counts from the usage chunk', async () => {
    fake.enqueue({ content: 'streamed via the gateway', usage: { promptTokens: 21, completionTokens: 4 } });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [user('hi')],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('streamed via the gateway');
    expect(fake.requests[0]?.body).toMatchObject({ stream_options: { include_usage: true } });

    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.status.code).toBe(SpanStatusCode.OK);
    expect(span.attributes).toMatchObject({
      'portobserve.stream.end': 'complete',
      'output.value': 'streamed via the gateway',
      'llm.token_count.prompt': 21,
      'llm.token_count.completion': 4,
      'llm.token_count.total': 25,
    });
    expect(span.attributes['gen_ai.response.time_to_first_chunk']).toEqual(expect.any(Number));
  });

  it('an upstream 429 through the gateway is one error span', async () => {
    fake.enqueue({ status: 429 });
    await expect(
      client.chat.completions.create({ model: 'gpt-4o-mini', messages: [user('hi')] }),
    ).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('429');
  });
});
