import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { instrumentOpenAI, OPENAI_PRICES } from '../../src/index.js';
import { computeCost } from '../../src/pricing/compute-cost.js';
import { onlySpan, recordedMessages, user } from './support/harness.js';
import { useTracedUpstream } from './support/traced-upstream.js';

// Both vocabularies: the GenAI JSON messages and OpenInference's flattened ones.
const { tracing, fake, newClient } = useTracedUpstream({
  instrument: { contentFormat: 'both' },
  apiKey: 'sk-test-chat',
});
let client: OpenAI;
beforeAll(() => {
  client = newClient();
});

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

describe('chat.completions.create, not streamed', () => {
  it('records both vocabularies, the served model, usage and the cost from the price table', async () => {
    fake.enqueue({
      content: 'It is sunny in Paris.',
      usage: { promptTokens: 1200, completionTokens: 300, cachedTokens: 200, reasoningTokens: 10 },
    });
    const answer = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      temperature: 0.3,
      max_tokens: 50,
      top_p: 0.9,
      seed: 7,
      stop: ['END'],
      messages: [{ role: 'system', content: 'Be brief.' }, user('Weather in Paris?')],
      tools: [weatherTool],
    });
    expect(answer.choices[0]?.message.content).toBe('It is sunny in Paris.');

    const span = onlySpan(await tracing.expectSettled(1));
    expect(recordedMessages(span, 'input')).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather in Paris?' },
    ]);
    expect(recordedMessages(span, 'output')).toEqual([
      { role: 'assistant', content: 'It is sunny in Paris.', finish_reason: 'stop' },
    ]);
    expect(JSON.parse(String(span.attributes['gen_ai.tool.definitions']))).toEqual([weatherTool]);
    expect(
      span.attributes['gen_ai.system_instructions'],
      'system messages stay in the conversation',
    ).toBeUndefined();
    expect(span.attributes['llm.request.parameters.model']).toBe('gpt-4o-mini');
    expect(span.name).toBe('ChatCompletion');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.status.code).toBe(SpanStatusCode.OK);
    const a = span.attributes;
    expect(a).toMatchObject({
      'openinference.span.kind': 'LLM',
      'llm.system': 'openai',
      'llm.provider': 'openai',
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'llm.model_name': 'gpt-4o-mini-2024-07-18',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.request.temperature': 0.3,
      'gen_ai.request.max_tokens': 50,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.seed': 7,
      'gen_ai.request.stop_sequences': ['END'],
      'gen_ai.response.finish_reasons': ['stop'],
      'server.address': '127.0.0.1',
      'server.port': fake.port,
      'llm.input_messages.0.message.role': 'system',
      'llm.input_messages.0.message.content': 'Be brief.',
      'llm.input_messages.1.message.role': 'user',
      'llm.input_messages.1.message.content': 'Weather in Paris?',
      'llm.output_messages.0.message.role': 'assistant',
      'llm.output_messages.0.message.content': 'It is sunny in Paris.',
      'output.value': 'It is sunny in Paris.',
      'output.mime_type': 'text/plain',
      'input.mime_type': 'application/json',
      'llm.token_count.prompt': 1200,
      'llm.token_count.completion': 300,
      'llm.token_count.total': 1500,
      'llm.token_count.prompt_details.cache_read': 200,
      'llm.token_count.completion_details.reasoning': 10,
      'gen_ai.usage.input_tokens': 1200,
      'gen_ai.usage.output_tokens': 300,
      'gen_ai.usage.total_tokens': 1500,
      'gen_ai.usage.cache_read.input_tokens': 200,
      'gen_ai.usage.reasoning.output_tokens': 10,
    });
    expect(a['gen_ai.response.id']).toBe(answer.id);
    expect(a['portobserve.stream']).toBeUndefined();

    const parameters = JSON.parse(String(a['llm.invocation_parameters']));
    expect(parameters).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.3, max_tokens: 50 });
    expect(parameters.messages, 'content stays out of the invocation parameters').toBeUndefined();
    expect(parameters.tools).toBeUndefined();
    expect(JSON.parse(String(a['input.value']))).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.3 });

    expect(JSON.parse(String(a['llm.tools.0.tool.json_schema']))).toEqual(weatherTool);
    expect(a['llm.tools.1.tool.json_schema']).toBeUndefined();

    // gpt-4o-mini: $0.15 / 1M input, $0.075 / 1M cached input, $0.60 / 1M output.
    const price = OPENAI_PRICES['gpt-4o-mini']!;
    const cost = computeCost(price, 1200, 300, 200);
    expect(cost.prompt).toBeCloseTo(1000 * 0.15e-6 + 200 * 0.075e-6, 12);
    expect(cost.completion).toBeCloseTo(300 * 0.6e-6, 12);
    expect(a['llm.cost.prompt']).toBe(cost.prompt);
    expect(a['llm.cost.completion']).toBe(cost.completion);
    expect(a['llm.cost.total']).toBe(cost.total);
    expect(a['gen_ai.usage.cost']).toBe(cost.total);
    expect(a['llm.cost.total']).toBeCloseTo(0.000345, 12);
  });

  it('records tool calls of the answer with their ids, names and arguments', async () => {
    fake.enqueue({
      toolCalls: [
        { name: 'get_weather', arguments: '{"city":"Paris"}' },
        { name: 'get_weather', arguments: '{"city":"Rome"}' },
      ],
    });
    const answer = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [user('Weather in Paris and Rome?')],
      tools: [weatherTool],
    });
    const calls = answer.choices[0]?.message.tool_calls ?? [];
    expect(calls).toHaveLength(2);

    const span = onlySpan(await tracing.expectSettled(1));
    expect(recordedMessages(span, 'output')[0]?.tool_calls).toEqual(
      calls.map((call) => ({
        id: call.id,
        type: 'function',
        function: call.type === 'function' ? call.function : undefined,
      })),
    );
    const a = span.attributes;
    expect(a['gen_ai.response.finish_reasons']).toEqual(['tool_calls']);
    calls.forEach((call, index) => {
      const key = `llm.output_messages.0.message.tool_calls.${index}.tool_call`;
      expect(a[`${key}.id`]).toBe(call.id);
      expect(a[`${key}.function.name`]).toBe('get_weather');
      expect(a[`${key}.function.arguments`]).toBe(index === 0 ? '{"city":"Paris"}' : '{"city":"Rome"}');
    });
    expect(a['output.mime_type']).toBe('application/json');
    expect(String(a['output.value'])).toContain('{\\"city\\":\\"Rome\\"}');
  });

  it('flattens assistant tool calls and tool results of the conversation', async () => {
    await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        user('Weather in Paris?'),
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '21 degrees' },
      ],
    });
    const span = onlySpan(await tracing.expectSettled(1));
    expect(recordedMessages(span, 'input')).toEqual([
      { role: 'user', content: 'Weather in Paris?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
        ],
      },
      { role: 'tool', content: '21 degrees', tool_call_id: 'call_1' },
    ]);
    const a = span.attributes;
    expect(a).toMatchObject({
      'llm.input_messages.1.message.role': 'assistant',
      'llm.input_messages.1.message.tool_calls.0.tool_call.id': 'call_1',
      'llm.input_messages.1.message.tool_calls.0.tool_call.function.name': 'get_weather',
      'llm.input_messages.1.message.tool_calls.0.tool_call.function.arguments': '{"city":"Paris"}',
      'llm.input_messages.2.message.role': 'tool',
      'llm.input_messages.2.message.tool_call_id': 'call_1',
      'llm.input_messages.2.message.content': '21 degrees',
    });
  });

  it('prices with the prices option, and gives no cost for a model nobody priced', async () => {
    const restore = instrumentOpenAI(client, { prices: { 'my-model': { input: 1e-6, output: 2e-6 } } });
    try {
      fake.enqueue({ model: 'my-model', usage: { promptTokens: 10, completionTokens: 5 } });
      await client.chat.completions.create({ model: 'my-model', messages: [user('hi')] });
      const priced = onlySpan(await tracing.expectSettled(1)).attributes;
      expect(priced['llm.cost.prompt']).toBeCloseTo(10e-6, 12);
      expect(priced['llm.cost.completion']).toBeCloseTo(10e-6, 12);
      expect(priced['gen_ai.usage.cost']).toBeCloseTo(20e-6, 12);
    } finally {
      restore();
    }
    tracing.reset();

    fake.enqueue({ model: 'unknown-model-x' });
    await client.chat.completions.create({ model: 'unknown-model-x', messages: [user('hi')] });
    const unpriced = onlySpan(await tracing.expectSettled(1)).attributes;
    expect(unpriced['llm.token_count.prompt']).toBe(1);
    expect(Object.keys(unpriced).filter((key) => key.includes('cost'))).toEqual([]);
  });

  it('is a child of the active span, and the SDK call runs inside the LLM span', async () => {
    const tracer = trace.getTracer('test');
    await tracer.startActiveSpan('request handler', async (parent) => {
      await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [user('hi')] });
      parent.end();
    });
    const spans = await tracing.expectSettled(2);
    const parent = spans.find((span) => span.name === 'request handler')!;
    const llm = spans.find((span) => span.name === 'ChatCompletion')!;
    expect(llm.spanContext().traceId).toBe(parent.spanContext().traceId);
    expect(llm.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
  });

  it('records the number of choices and the finish reason of each', async () => {
    await client.chat.completions.create({ model: 'gpt-4o-mini', n: 1, messages: [user('hi')] });
    const a = onlySpan(await tracing.expectSettled(1)).attributes;
    expect(a['gen_ai.request.choice.count'], 'n=1 is the default, not recorded').toBeUndefined();
    expect(a['gen_ai.response.finish_reasons']).toEqual(['stop']);
  });
});
