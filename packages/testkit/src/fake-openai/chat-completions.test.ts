import { describe, expect, it } from 'vitest';
import { useTestUpstream } from './test-client.js';

describe('fake OpenAI: chat completions', () => {
  const upstream = useTestUpstream();

  it('answers a plain chat completion with dated model and deterministic usage', async () => {
    const completion = await upstream.client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Say hello to me' },
      ],
    });
    expect(completion.id).toMatch(/^chatcmpl-/);
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('gpt-4o-mini-2024-07-18');
    expect(completion.system_fingerprint).toEqual(expect.any(String));
    expect(completion.choices[0]?.message).toMatchObject({
      role: 'assistant',
      content: 'Hello from the fake upstream.',
      refusal: null,
    });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({
      prompt_tokens: 6,
      completion_tokens: 5,
      total_tokens: 11,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
    expect(upstream.fake.requests).toHaveLength(1);
    expect(upstream.fake.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      aborted: false,
    });
    expect(upstream.fake.requests[0]?.headers.authorization).toBe('Bearer sk-test');
    expect(upstream.fake.requests[0]?.body).toMatchObject({ model: 'gpt-4o-mini' });
  });

  it('applies content, model and usage overrides from the scenario', async () => {
    upstream.fake.enqueue({
      content: 'Custom answer',
      model: 'my-model',
      usage: { promptTokens: 100, completionTokens: 7, cachedTokens: 40, reasoningTokens: 3 },
    });
    const completion = await upstream.client.chat.completions.create({
      model: 'gpt-4.1-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(completion.model).toBe('my-model');
    expect(completion.choices[0]?.message.content).toBe('Custom answer');
    expect(completion.usage).toMatchObject({
      prompt_tokens: 100,
      completion_tokens: 7,
      total_tokens: 107,
      prompt_tokens_details: { cached_tokens: 40 },
      completion_tokens_details: { reasoning_tokens: 3 },
    });
    const next = await upstream.client.chat.completions.create({ model: 'gpt-4.1-mini', messages: [] });
    expect(next.model).toBe('gpt-4.1-mini-2025-04-14');
    const unknown = await upstream.client.chat.completions.create({ model: 'llama-3', messages: [] });
    expect(unknown.model).toBe('llama-3');
    expect(unknown.usage?.prompt_tokens).toBe(1);
  });

  it('streams content chunks without a usage chunk unless include_usage is set', async () => {
    const stream = await upstream.client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Stream please' }],
      stream: true,
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks.every((chunk) => chunk.model === 'gpt-4o-2024-08-06')).toBe(true);
    expect(chunks.every((chunk) => chunk.usage == null)).toBe(true);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(
      'Hello from the fake upstream.',
    );
    expect(chunks.filter((chunk) => (chunk.choices[0]?.delta.content ?? '') !== '').length).toBeGreaterThan(
      2,
    );
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
  });

  it('ends the stream with a usage chunk when include_usage is true', async () => {
    const stream = await upstream.client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'one two three' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 5, total_tokens: 8 });
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage == null)).toBe(true);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
  });

  it('answers with tool calls when the scenario has them', async () => {
    upstream.fake.enqueue({ toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }] });
    const completion = await upstream.client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Weather?' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
    });
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.content).toBeNull();
    expect(choice?.message.tool_calls).toEqual([
      {
        id: expect.stringMatching(/^call_/),
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
      },
    ]);
  });

  it('streams parallel tool calls interleaved, keyed by index', async () => {
    const calls = [
      { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
      { name: 'get_time', arguments: '{"timezone":"Europe/Berlin"}' },
    ];
    upstream.fake.enqueue({ toolCalls: calls });
    const stream = await upstream.client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Weather and time?' }],
      stream: true,
    });
    const deltas = [];
    let finishReason: string | null | undefined;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      finishReason = choice?.finish_reason ?? finishReason;
      for (const toolCall of choice?.delta.tool_calls ?? []) deltas.push(toolCall);
    }
    expect(finishReason).toBe('tool_calls');
    expect(deltas.every((delta) => typeof delta.index === 'number')).toBe(true);
    const headers = deltas.filter((delta) => delta.id !== undefined);
    expect(
      headers.map((delta) => [delta.index, delta.type, delta.function?.name, delta.function?.arguments]),
    ).toEqual([
      [0, 'function', 'get_weather', ''],
      [1, 'function', 'get_time', ''],
    ]);
    const fragments = deltas.filter((delta) => delta.id === undefined);
    expect(fragments.every((delta) => delta.function?.name === undefined && delta.type === undefined)).toBe(
      true,
    );
    expect(fragments.slice(0, 4).map((delta) => delta.index)).toEqual([0, 1, 0, 1]);

    const byIndex = new Map<number, { id?: string; name?: string; arguments: string }>();
    for (const delta of deltas) {
      const entry = byIndex.get(delta.index) ?? { arguments: '' };
      entry.id ??= delta.id;
      entry.name ??= delta.function?.name;
      entry.arguments += delta.function?.arguments ?? '';
      byIndex.set(delta.index, entry);
    }
    expect([...byIndex.values()].map(({ name, arguments: args }) => ({ name, arguments: args }))).toEqual(
      calls,
    );
    expect(byIndex.get(0)?.id).toMatch(/^call_/);

    // Merging by position (every chunk carries one tool call at position 0) mixes the calls up.
    const byPosition = deltas.reduce((args, delta) => args + (delta.function?.arguments ?? ''), '');
    expect(byPosition).not.toBe(calls[0]?.arguments);
  });

  it('is accepted by the SDK stream helper, which merges tool calls by index', async () => {
    upstream.fake.enqueue({
      toolCalls: [
        { name: 'a', arguments: '{"x":1,"y":2,"z":3}' },
        { name: 'b', arguments: '{"w":"long value here"}' },
      ],
    });
    const stream = upstream.client.chat.completions.stream({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'x' }],
    });
    const final = await stream.finalChatCompletion();
    const merged = final.choices[0]?.message.tool_calls?.map((call) =>
      call.type === 'function' ? [call.function.name, call.function.arguments] : [],
    );
    expect(merged).toEqual([
      ['a', '{"x":1,"y":2,"z":3}'],
      ['b', '{"w":"long value here"}'],
    ]);
  });

  it('answers json_schema response formats with valid JSON that parse() understands', async () => {
    const completion = await upstream.client.chat.completions.parse({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Describe a city' }],
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'city',
          strict: true,
          schema: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              population: { type: 'integer' },
              capital: { type: 'boolean' },
              kind: { type: 'string', enum: ['metropolis', 'town'] },
              districts: { type: 'array', items: { type: 'string' } },
            },
            required: ['name', 'population', 'capital', 'kind', 'districts'],
            additionalProperties: false,
          },
        },
      },
    });
    expect(completion.choices[0]?.message.parsed).toEqual({
      name: 'sample',
      population: 1,
      capital: true,
      kind: 'metropolis',
      districts: ['sample'],
    });

    upstream.fake.enqueue({ content: '{"name":"Paris"}' });
    const overridden = await upstream.client.chat.completions.parse({
      model: 'gpt-4o-mini',
      messages: [],
      response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } },
    });
    expect(overridden.choices[0]?.message.parsed).toEqual({ name: 'Paris' });
  });
});
