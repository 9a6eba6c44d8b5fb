import { describe, expect, it } from 'vitest';
import { useTestUpstream } from './test-client.js';

describe('fake OpenAI: completions, embeddings, responses', () => {
  const upstream = useTestUpstream();

  it('answers legacy completions', async () => {
    const completion = await upstream.client.completions.create({
      model: 'gpt-3.5-turbo-instruct',
      prompt: 'Once upon a',
    });
    expect(completion.id).toMatch(/^cmpl-/);
    expect(completion.object).toBe('text_completion');
    expect(completion.model).toBe('gpt-3.5-turbo-instruct');
    expect(completion.choices).toEqual([
      { text: 'Hello from the fake upstream.', index: 0, logprobs: null, finish_reason: 'stop' },
    ]);
    expect(completion.usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 5, total_tokens: 8 });
  });

  it('streams legacy completions, with the usage chunk only when asked', async () => {
    upstream.fake.enqueue({ content: 'a b c d' }, { content: 'a b c d' });
    const plain = await upstream.client.completions.create({
      model: 'gpt-3.5-turbo-instruct',
      prompt: 'x',
      stream: true,
    });
    const plainChunks = [];
    for await (const chunk of plain) plainChunks.push(chunk);
    expect(plainChunks.map((chunk) => chunk.choices[0]?.text ?? '').join('')).toBe('a b c d');
    expect(plainChunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
    expect(plainChunks.every((chunk) => chunk.usage == null)).toBe(true);

    const withUsage = await upstream.client.completions.create({
      model: 'gpt-3.5-turbo-instruct',
      prompt: 'x y',
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of withUsage) chunks.push(chunk);
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 2, completion_tokens: 4, total_tokens: 6 });
  });

  it('returns deterministic float embeddings', async () => {
    const result = await upstream.client.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['hello world', 'second input here'],
      encoding_format: 'float',
    });
    expect(result.object).toBe('list');
    expect(result.model).toBe('text-embedding-3-small');
    expect(result.usage).toEqual({ prompt_tokens: 5, total_tokens: 5 });
    expect(result.data.map((item) => [item.object, item.index, item.embedding.length])).toEqual([
      ['embedding', 0, 8],
      ['embedding', 1, 8],
    ]);
    const again = await upstream.client.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'hello world',
      encoding_format: 'float',
      dimensions: 16,
    });
    expect(again.data[0]?.embedding).toHaveLength(16);
    const norm = Math.hypot(...(result.data[0]?.embedding ?? []));
    expect(norm).toBeCloseTo(1, 5);
    expect(upstream.fake.requests[0]?.body).toMatchObject({ encoding_format: 'float' });
  });

  it('returns base64 embeddings (the SDK default) that decode to the float vectors', async () => {
    const floats = await upstream.client.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'same text',
      encoding_format: 'float',
    });
    const decoded = await upstream.client.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'same text',
    });
    expect(upstream.fake.requests[1]?.body).toMatchObject({ encoding_format: 'base64' });
    expect(Array.from(decoded.data[0]?.embedding ?? [])).toEqual(floats.data[0]?.embedding);

    const raw = await upstream.client.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'same text',
      encoding_format: 'base64',
    });
    expect(typeof raw.data[0]?.embedding).toBe('string');
  });

  it('answers the responses API with output_text and usage', async () => {
    const response = await upstream.client.responses.create({
      model: 'gpt-4.1-mini',
      instructions: 'Be nice.',
      input: 'Tell me something',
    });
    expect(response.id).toMatch(/^resp_/);
    expect(response.object).toBe('response');
    expect(response.status).toBe('completed');
    expect(response.model).toBe('gpt-4.1-mini-2025-04-14');
    expect(response.output_text).toBe('Hello from the fake upstream.');
    expect(response.output[0]).toMatchObject({ type: 'message', role: 'assistant', status: 'completed' });
    expect(response.usage).toMatchObject({
      input_tokens: 5,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 5,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 10,
    });
  });

  it('streams the responses API event sequence', async () => {
    upstream.fake.enqueue({ content: 'Streaming responses works fine' });
    const stream = await upstream.client.responses.create({
      model: 'gpt-4o-mini',
      input: [{ role: 'user', content: 'Go on' }],
      stream: true,
    });
    const events = [];
    for await (const event of stream) events.push(event);
    const types = events.map((event) => event.type);
    expect(types.slice(0, 4)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
    ]);
    expect(types.slice(-4)).toEqual([
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(types.filter((type) => type === 'response.output_text.delta').length).toBeGreaterThan(2);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    const deltas = events.flatMap((event) =>
      event.type === 'response.output_text.delta' ? [event.delta] : [],
    );
    expect(deltas.join('')).toBe('Streaming responses works fine');
    const completed = events.at(-1);
    expect(completed?.type === 'response.completed' && completed.response.usage).toMatchObject({
      input_tokens: 2,
      output_tokens: 4,
      total_tokens: 6,
    });
  });

  it('works with the SDK responses.stream() helper, including function calls', async () => {
    const text = await upstream.client.responses
      .stream({ model: 'gpt-4o-mini', input: 'hi' })
      .finalResponse();
    expect(text.output_text).toBe('Hello from the fake upstream.');

    upstream.fake.enqueue({ toolCalls: [{ name: 'lookup', arguments: '{"q":"fake upstream"}' }] });
    const calls = await upstream.client.responses
      .stream({ model: 'gpt-4o-mini', input: 'hi' })
      .finalResponse();
    expect(calls.output[0]).toMatchObject({
      type: 'function_call',
      name: 'lookup',
      arguments: '{"q":"fake upstream"}',
      call_id: expect.stringMatching(/^call_/),
    });
  });

  it('answers json_schema text formats in the responses API with JSON', async () => {
    const response = await upstream.client.responses.create({
      model: 'gpt-4o-mini',
      input: 'x',
      text: {
        format: {
          type: 'json_schema',
          name: 'answer',
          schema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] },
        },
      },
    });
    expect(JSON.parse(response.output_text)).toEqual({ ok: true });
  });
});
