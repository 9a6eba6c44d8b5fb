import { type PortkeyGateway, portkeyRoutingHeaders, startPortkeyGateway } from '@portobserve/testkit';
import OpenAI from 'openai';
import OpenAI5 from 'openai5';
import OpenAI6 from 'openai6';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instrumentOpenAI } from '../../src/index.js';
import { onlyErrorSpan, onlyOkSpan, streamedText, user } from './support/harness.js';
import { useTracedUpstream } from './support/traced-upstream.js';

// Through the real Portkey gateway (a child process) to the fake upstream.
const { tracing, fake } = useTracedUpstream({ instrument: {} });
let gateway: PortkeyGateway;
let client: OpenAI;

beforeAll(async () => {
  gateway = await startPortkeyGateway();
  client = new OpenAI({
    apiKey: 'unused-by-portkey',
    baseURL: gateway.baseURL,
    defaultHeaders: portkeyRoutingHeaders(fake.baseURL),
    maxRetries: 0,
  });
});
afterAll(async () => {
  await gateway?.stop();
});

describe('through the Portkey gateway', () => {
  it('plain chat: token counts, served model and cost', async () => {
    fake.enqueue({ content: 'via the gateway', usage: { promptTokens: 30, completionTokens: 3 } });
    const answer = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [user('hi')] });
    expect(answer.choices[0]?.message.content).toBe('via the gateway');
    expect(fake.requests).toHaveLength(1);

    const span = onlyOkSpan(await tracing.expectSettled(1));
    expect(span.attributes).toMatchObject({
      'server.address': '127.0.0.1',
      'server.port': gateway.port,
      'llm.model_name': 'gpt-4o-mini-2024-07-18',
      'gen_ai.output.messages': expect.stringContaining(JSON.stringify('via the gateway')),
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
    expect(await streamedText(stream)).toBe('streamed via the gateway');
    expect(fake.requests[0]?.body).toMatchObject({ stream_options: { include_usage: true } });

    const span = onlyOkSpan(await tracing.expectSettled(1));
    expect(span.attributes).toMatchObject({
      'portobserve.stream.end': 'complete',
      'gen_ai.output.messages': expect.stringContaining(JSON.stringify('streamed via the gateway')),
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
    onlyErrorSpan(await tracing.expectSettled(1), '429');
  });
});

describe("the gateway's own refusal of an unknown provider", () => {
  // openai 5, 6 and 7 keep only `body.error` on their errors, which the gateway's
  // {"status":"failure","message":...} lacks: the instrumentation keeps the fact and the message.
  it.each([
    ['openai 5', OpenAI5],
    ['openai 6', OpenAI6],
    ['openai 7', OpenAI],
  ])(
    '%s: an ERROR span with portkey.gateway_exception and the gateway message',
    async (_name, OpenAIClass) => {
      const uninstrument = instrumentOpenAI(OpenAIClass);
      try {
        const refused = new (OpenAIClass as typeof OpenAI)({
          apiKey: 'unused-by-portkey',
          baseURL: gateway.baseURL,
          defaultHeaders: { ...portkeyRoutingHeaders(fake.baseURL), 'x-portkey-provider': 'not-a-provider' },
          maxRetries: 0,
        });
        await expect(
          refused.chat.completions.create({ model: 'gpt-4o-mini', messages: [user('hi')] }),
        ).rejects.toThrow();
      } finally {
        uninstrument();
      }
      const span = onlyErrorSpan(await tracing.expectSettled(1));
      expect(span.attributes['portkey.gateway_exception']).toBe(true);
      expect(span.status.message).toMatch(/^\d{3} .*provider/i);
      expect(fake.requests).toHaveLength(0);
    },
  );
});

describe('the gateway unable to reach its upstream', () => {
  it("the ERROR span says why (the gateway's html-message, which the SDK's error lost)", async () => {
    const unreachable = new OpenAI({
      apiKey: 'unused-by-portkey',
      baseURL: gateway.baseURL,
      defaultHeaders: portkeyRoutingHeaders('http://127.0.0.1:9/v1'),
      maxRetries: 0,
    });
    await expect(
      unreachable.chat.completions.create({ model: 'gpt-4o-mini', messages: [user('hi')] }),
    ).rejects.toThrow();
    const span = onlyErrorSpan(await tracing.expectSettled(1));
    expect(span.status.message).toMatch(/^\d{3} .*fetch failed/i);
    expect(span.attributes['portkey.gateway_exception']).toBeUndefined();
  });
});
