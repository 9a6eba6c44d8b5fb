import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { onlyOkSpan, onlySpan, outputText, recordedMessages, streamedText, user } from './support/harness.js';
import { useTracedUpstream } from './support/traced-upstream.js';

// What other instrumentations break (B's `.then()` on the APIPromise, C's generator instead of the
// Stream): every object the SDK returns must keep working exactly as without us.
const { tracing, fake, newClient } = useTracedUpstream({ instrument: {}, apiKey: 'sk-test-objects' });
let client: OpenAI;
beforeAll(() => {
  client = newClient();
});

const cityFormat = {
  type: 'json_schema' as const,
  json_schema: {
    name: 'city',
    strict: true,
    schema: {
      type: 'object',
      properties: { name: { type: 'string' }, population: { type: 'integer' } },
      required: ['name', 'population'],
      additionalProperties: false,
    },
  },
};

/** The `get_weather` function of the runTools() tests, without its implementation. */
const weatherFunction = {
  name: 'get_weather',
  description: 'Weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } } },
};

function streamChat(content = 'Hello there, streaming friend.') {
  fake.enqueue({ content });
  return client.chat.completions.create({ model: 'gpt-4o-mini', messages: [user('hi')], stream: true });
}

describe('the APIPromise', () => {
  it('chat.completions.parse() with a json_schema response_format returns .parsed, one span', async () => {
    const completion = await client.chat.completions.parse({
      model: 'gpt-4o-mini',
      messages: [user('A big city?')],
      response_format: cityFormat,
    });
    expect(completion.choices[0]?.message.parsed).toEqual({ name: 'sample', population: 1 });

    const span = onlyOkSpan(await tracing.expectSettled(1));
    expect(span.attributes['gen_ai.output.type']).toBe('json');
    expect(outputText(span)).toBe('{"name":"sample","population":1}');
  });

  it('.withResponse() returns data, the Response and the request id', async () => {
    const { data, response, request_id } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [user('hi')] })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('Hello from the fake upstream.');
    expect(response.status).toBe(200);
    expect(request_id).toMatch(/^req_/);
    expect(response.headers.get('x-request-id')).toBe(request_id);
    const span = onlySpan(await tracing.expectSettled(1));
    expect(outputText(span)).toBe('Hello from the fake upstream.');
  });

  it('.asResponse() leaves the body to the user, and the span still ends', async () => {
    const response = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [user('hi')] })
      .asResponse();
    const body = (await response.json()) as OpenAI.Chat.Completions.ChatCompletion;
    expect(body.choices[0]?.message.content).toBe('Hello from the fake upstream.');
    const span = onlyOkSpan(await tracing.expectSettled(1));
    expect(span.attributes['gen_ai.request.model']).toBe('gpt-4o-mini');
  });

  it('a streamed .withResponse() gives a working Stream', async () => {
    fake.enqueue({ content: 'with response stream' });
    const { data: stream, response } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [user('hi')], stream: true })
      .withResponse();
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(await streamedText(stream)).toBe('with response stream');
    const span = onlySpan(await tracing.expectSettled(1));
    expect(outputText(span)).toBe('with response stream');
    expect(span.attributes['portobserve.stream.end']).toBe('complete');
  });

  it('.then / .catch / .finally behave like a promise', async () => {
    const content = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [user('hi')] })
      .then((completion) => completion.choices[0]?.message.content)
      .finally(() => {});
    expect(content).toBe('Hello from the fake upstream.');
    fake.enqueue({ status: 429 });
    const caught = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [user('hi')] })
      .catch((error: unknown) => error);
    expect(caught).toBeInstanceOf(OpenAI.RateLimitError);
    await tracing.expectSettled(2);
  });
});

describe('the Stream', () => {
  it('is still the SDK Stream, with its AbortController', async () => {
    const stream = await streamChat();
    expect(stream.constructor.name).toBe('Stream');
    expect(stream.controller).toBeInstanceOf(AbortController);
    expect(typeof stream.tee).toBe('function');
    expect(typeof stream.toReadableStream).toBe('function');
    for await (const _chunk of stream) {
      // drain
    }
    await tracing.expectSettled(1);
  });

  it('tee(): both branches get every chunk, one span with the whole content', async () => {
    const [left, right] = (await streamChat('one two three four five')).tee();
    const [leftText, rightText] = await Promise.all([streamedText(left), streamedText(right)]);
    expect(leftText).toBe('one two three four five');
    expect(rightText).toBe('one two three four five');
    const span = onlySpan(await tracing.expectSettled(1));
    expect(outputText(span)).toBe('one two three four five');
    expect(span.attributes['portobserve.stream.end']).toBe('complete');
    expect(span.attributes['llm.token_count.completion']).toBe(5);
  });

  it('tee(): read one branch after the other', async () => {
    const [left, right] = (await streamChat('first then second')).tee();
    const leftChunks = [];
    for await (const chunk of left) leftChunks.push(chunk);
    const rightChunks = [];
    for await (const chunk of right) rightChunks.push(chunk);
    expect(rightChunks).toEqual(leftChunks);
    const span = onlySpan(await tracing.expectSettled(1));
    expect(outputText(span)).toBe('first then second');
  });

  it('toReadableStream() gives every chunk as NDJSON', async () => {
    const readable = (await streamChat('readable stream text')).toReadableStream();
    const text = await new Response(readable as ReadableStream<Uint8Array>).text();
    const chunks = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as OpenAI.Chat.Completions.ChatCompletionChunk);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(
      'readable stream text',
    );
    const span = onlySpan(await tracing.expectSettled(1));
    expect(outputText(span)).toBe('readable stream text');
    expect(span.attributes['portobserve.stream.end']).toBe('complete');
  });

  it('a second iteration fails inside the SDK as it would without us, and no second span', async () => {
    const stream = await streamChat();
    for await (const _chunk of stream) {
      // drain
    }
    await expect(
      (async () => {
        for await (const _chunk of stream) {
          // again
        }
      })(),
    ).rejects.toThrow(/consumed/);
    await tracing.expectSettled(1);
  });
});

describe('the helpers', () => {
  it('chat.completions.stream(): events and finalChatCompletion(), one span', async () => {
    fake.enqueue({ content: 'helper stream text' });
    const runner = client.chat.completions.stream({ model: 'gpt-4o-mini', messages: [user('hi')] });
    const deltas: string[] = [];
    runner.on('content', (delta) => deltas.push(delta));
    const final = await runner.finalChatCompletion();
    expect(final.choices[0]?.message.content).toBe('helper stream text');
    expect(deltas.join('')).toBe('helper stream text');
    const span = onlySpan(await tracing.expectSettled(1));
    expect(outputText(span)).toBe('helper stream text');
    expect(span.attributes['portobserve.stream.end']).toBe('complete');
    expect(span.attributes['llm.token_count.completion']).toBe(3);
  });

  it('chat.completions.stream(): abort() from the helper ends the span', async () => {
    fake.enqueue({ content: 'x '.repeat(200), chunkDelayMs: 5 });
    const runner = client.chat.completions.stream({ model: 'gpt-4o-mini', messages: [user('hi')] });
    let count = 0;
    runner.on('content', () => {
      if (++count === 3) runner.abort();
    });
    await runner.done().catch(() => {});
    const span = onlySpan(await tracing.expectSettled(1));
    expect(['aborted', 'cancelled']).toContain(span.attributes['portobserve.stream.end']);
  });

  it('runTools(): one span per LLM round, the tool result in the second request', async () => {
    fake.enqueue(
      { toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }] },
      { content: 'Sunny.' },
    );
    const calls: string[] = [];
    const runner = client.chat.completions.runTools({
      model: 'gpt-4o-mini',
      messages: [user('Weather in Paris?')],
      tools: [
        {
          type: 'function',
          function: {
            ...weatherFunction,
            parse: JSON.parse,
            function: (args: { city: string }) => {
              calls.push(args.city);
              return '21 degrees';
            },
          },
        },
      ],
    });
    expect(await runner.finalContent()).toBe('Sunny.');
    expect(calls).toEqual(['Paris']);

    const spans = await tracing.expectSettled(2);
    expect(spans.map((span) => span.name)).toEqual(['ChatCompletion', 'ChatCompletion']);
    expect(spans[0]?.attributes['gen_ai.response.finish_reasons']).toEqual(['tool_calls']);
    expect(recordedMessages(spans[1]!, 'input')[2]).toMatchObject({ role: 'tool', content: '21 degrees' });
    expect(outputText(spans[1]!)).toBe('Sunny.');
  });

  it('runTools() streamed: one span per round', async () => {
    fake.enqueue(
      { toolCalls: [{ name: 'get_weather', arguments: '{"city":"Rome"}' }] },
      { content: 'Warm.' },
    );
    const runner = client.chat.completions.runTools({
      model: 'gpt-4o-mini',
      messages: [user('Weather in Rome?')],
      stream: true,
      tools: [{ type: 'function', function: { ...weatherFunction, function: () => '25 degrees' } }],
    });
    expect(await runner.finalContent()).toBe('Warm.');
    const spans = await tracing.expectSettled(2);
    expect(spans.map((span) => span.attributes['portobserve.stream.end'])).toEqual(['complete', 'complete']);
    expect(recordedMessages(spans[0]!, 'output')[0]?.tool_calls?.[0]?.function.name).toBe('get_weather');
  });
});
