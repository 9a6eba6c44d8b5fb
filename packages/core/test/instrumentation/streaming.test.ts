import { SpanStatusCode } from '@opentelemetry/api';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { onlyOkSpan, onlySpan, outputText, recordedMessages, user } from './support/harness.js';
import { instrumentFor, useTracedUpstream } from './support/traced-upstream.js';

const { tracing, fake, newClient } = useTracedUpstream({ apiKey: 'sk-test-stream' });

async function collect(stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>) {
  const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe('streamed chat completions, with the default settings', () => {
  instrumentFor();

  it('asks for usage, reads it from the usage chunk, and keeps that chunk out of the user’s loop', async () => {
    fake.enqueue({ content: 'One two three four.', usage: { promptTokens: 40, completionTokens: 4 } });
    const stream = await newClient().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [user('Count to four')],
      stream: true,
    });
    const chunks = await collect(stream);
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe('One two three four.');
    // The user sees exactly the chunks they would see without us: no usage chunk they did not ask for.
    expect(
      chunks.filter((chunk) => 'usage' in chunk),
      'not even the usage: null that include_usage puts on every chunk',
    ).toEqual([]);
    expect(chunks.every((chunk) => chunk.choices.length > 0)).toBe(true);

    expect(fake.requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });

    const span = onlyOkSpan(await tracing.expectSettled(1));
    expect(span.name).toBe('ChatCompletion');
    expect(span.attributes).toMatchObject({
      'portobserve.stream': true,
      'portobserve.stream.end': 'complete',
      'llm.model_name': 'gpt-4o-mini-2024-07-18',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.finish_reasons': ['stop'],
      'llm.token_count.prompt': 40,
      'llm.token_count.completion': 4,
      'llm.token_count.total': 44,
      'gen_ai.usage.input_tokens': 40,
      'gen_ai.usage.output_tokens': 4,
    });
    expect(recordedMessages(span, 'output')).toEqual([
      { role: 'assistant', content: 'One two three four.', finish_reason: 'stop' },
    ]);
    expect(span.attributes['gen_ai.response.id']).toBe(chunks[0]?.id);
    expect(span.attributes['llm.cost.total']).toBeGreaterThan(0);
    const ttfc = span.attributes['gen_ai.response.time_to_first_chunk'];
    expect(typeof ttfc).toBe('number');
    expect(ttfc as number).toBeGreaterThan(0);
    expect(ttfc as number).toBeLessThan(5);
  });

  it('gives the usage chunk to a caller who asked for usage, and counts it once', async () => {
    fake.enqueue({ content: 'Hi.', usage: { promptTokens: 3, completionTokens: 2 } });
    const chunks = await collect(
      await newClient().chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [user('hi')],
        stream: true,
        stream_options: { include_usage: true },
      }),
    );
    expect(chunks.at(-1)?.usage?.total_tokens).toBe(5);
    expect(chunks.at(-1)?.choices).toEqual([]);
    const span = onlyOkSpan(await tracing.expectSettled(1));
    expect(span.attributes['gen_ai.usage.total_tokens']).toBe(5);
  });

  it('keeps an explicit include_usage: false of the caller', async () => {
    await collect(
      await newClient().chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [user('hi')],
        stream: true,
        stream_options: { include_usage: false },
      }),
    );
    expect(fake.requests[0]?.body).toMatchObject({ stream_options: { include_usage: false } });
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.attributes['llm.token_count.prompt']).toBeUndefined();
  });

  it('never adds stream_options to a request that is not streamed', async () => {
    await newClient().chat.completions.create({ model: 'gpt-4o-mini', messages: [user('hi')] });
    expect(fake.requests[0]?.body).not.toHaveProperty('stream_options');
    await tracing.expectSettled(1);
  });

  it('merges parallel tool calls streamed interleaved by their index', async () => {
    fake.enqueue({
      toolCalls: [
        { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
        { name: 'get_time', arguments: '{"timezone":"Europe/Rome"}' },
      ],
    });
    const chunks = await collect(
      await newClient().chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [user('Weather in Paris, time in Rome?')],
        stream: true,
      }),
    );
    const ids = chunks
      .flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? [])
      .flatMap((d) => d.id ?? []);
    expect(ids).toHaveLength(2);
    expect(ids[0]).not.toBe(ids[1]);

    const span = onlySpan(await tracing.expectSettled(1));
    expect(recordedMessages(span, 'output')[0]?.tool_calls).toEqual([
      {
        id: ids[0],
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
      },
      {
        id: ids[1],
        type: 'function',
        function: { name: 'get_time', arguments: '{"timezone":"Europe/Rome"}' },
      },
    ]);
    expect(span.attributes).toMatchObject({
      'gen_ai.response.finish_reasons': ['tool_calls'],
      'portobserve.stream.end': 'complete',
    });
    expect(span.attributes['gen_ai.response.time_to_first_chunk']).toEqual(expect.any(Number));
    expect(span.status.code).toBe(SpanStatusCode.OK);
  });

  it('makes one span per stream when several streams are read at once', async () => {
    const client = newClient();
    const texts = await Promise.all(
      ['a', 'b', 'c'].map(async (name) => {
        fake.enqueue({ content: `answer ${name}`, chunkDelayMs: 2 });
        const chunks = await collect(
          await client.chat.completions.create({
            model: 'gpt-4o-mini',
            messages: [user(name)],
            stream: true,
          }),
        );
        return chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
      }),
    );
    const spans = await tracing.expectSettled(3);
    const outputs = spans.map((span) => String(outputText(span))).sort();
    expect(outputs).toEqual([...texts].sort());
    expect(outputs).toEqual(['answer a', 'answer b', 'answer c']);
  });
});

describe('streamed chat completions with includeStreamUsage: false', () => {
  instrumentFor({ includeStreamUsage: false });

  it('sends the request as the user wrote it and still records model, content and status', async () => {
    const chunks = await collect(
      await newClient().chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [user('hi')],
        stream: true,
      }),
    );
    expect(chunks.every((chunk) => chunk.usage === undefined)).toBe(true);
    expect(fake.requests[0]?.body).not.toHaveProperty('stream_options');

    const span = onlyOkSpan(await tracing.expectSettled(1));
    expect(span.attributes).toMatchObject({
      'portobserve.stream': true,
      'portobserve.stream.end': 'complete',
      'llm.model_name': 'gpt-4o-mini-2024-07-18',
    });
    expect(outputText(span)).toBe('Hello from the fake upstream.');
    expect(span.attributes['llm.token_count.prompt']).toBeUndefined();
    expect(span.attributes['gen_ai.response.time_to_first_chunk']).toEqual(expect.any(Number));
  });
});
