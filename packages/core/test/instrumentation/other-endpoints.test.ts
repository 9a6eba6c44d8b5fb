import { SpanStatusCode } from '@opentelemetry/api';
import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  keysWithPrefix,
  nameSchema,
  onlyErrorSpan,
  onlyOkSpan,
  onlySpan,
  outputText,
  recordedMessages,
  spanText,
} from './support/harness.js';
import { useTracedUpstream } from './support/traced-upstream.js';

// Both vocabularies: the GenAI JSON messages and OpenInference's flattened ones.
const { tracing, fake, newClient } = useTracedUpstream({
  instrument: { contentFormat: 'both' },
  apiKey: 'sk-test-endpoints',
});
let client: OpenAI;
beforeAll(() => {
  client = newClient();
});

describe('responses', () => {
  it('create: instructions and input in, text and usage out', async () => {
    fake.enqueue({
      content: 'Bonjour.',
      usage: { promptTokens: 20, completionTokens: 2, reasoningTokens: 1 },
    });
    const response = await client.responses.create({
      model: 'gpt-4o-mini',
      instructions: 'Answer in French.',
      input: 'Say hello',
      temperature: 0.5,
      max_output_tokens: 30,
    });
    expect(response.output_text).toBe('Bonjour.');

    const span = onlyOkSpan(await tracing.expectSettled(1));
    expect(span.name).toBe('Response');
    expect(span.attributes).toMatchObject({
      'openinference.span.kind': 'LLM',
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o-mini',
      'llm.model_name': 'gpt-4o-mini-2024-07-18',
      'gen_ai.request.temperature': 0.5,
      'gen_ai.request.max_tokens': 30,
      'gen_ai.response.id': response.id,
      'gen_ai.response.finish_reasons': ['stop'],
      'llm.input_messages.0.message.role': 'system',
      'llm.input_messages.0.message.content': 'Answer in French.',
      'llm.input_messages.1.message.role': 'user',
      'llm.input_messages.1.message.content': 'Say hello',
      'llm.output_messages.0.message.content': 'Bonjour.',
      'output.value': 'Bonjour.',
      'llm.token_count.prompt': 20,
      'llm.token_count.completion': 2,
      'llm.token_count.total': 22,
      'llm.token_count.completion_details.reasoning': 1,
    });
    expect(JSON.parse(String(span.attributes['gen_ai.system_instructions']))).toEqual([
      { type: 'text', content: 'Answer in French.' },
    ]);
    expect(recordedMessages(span, 'input')).toEqual([{ role: 'user', content: 'Say hello' }]);
    expect(recordedMessages(span, 'output')).toEqual([
      { role: 'assistant', content: 'Bonjour.', finish_reason: 'stop' },
    ]);
    expect(span.attributes['llm.cost.total']).toBeGreaterThan(0);
    const parameters = JSON.parse(String(span.attributes['llm.invocation_parameters']));
    expect(parameters).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.5 });
    expect(parameters.input).toBeUndefined();
    expect(parameters.instructions).toBeUndefined();
  });

  it('create with tool calls records the function calls', async () => {
    fake.enqueue({ toolCalls: [{ name: 'lookup', arguments: '{"q":"otel"}' }] });
    const response = await client.responses.create({
      model: 'gpt-4o-mini',
      input: 'Look it up',
      tools: [{ type: 'function', name: 'lookup', parameters: { type: 'object' }, strict: false }],
    });
    const call = response.output[0] as OpenAI.Responses.ResponseFunctionToolCall;
    const span = onlySpan(await tracing.expectSettled(1));
    expect(recordedMessages(span, 'output')[0]?.tool_calls).toEqual([
      { id: call.call_id, type: 'function', function: { name: 'lookup', arguments: '{"q":"otel"}' } },
    ]);
    expect(JSON.parse(String(span.attributes['gen_ai.tool.definitions']))[0]).toMatchObject({
      name: 'lookup',
    });
    const a = span.attributes;
    expect(a).toMatchObject({
      'gen_ai.response.finish_reasons': ['tool_calls'],
      'llm.output_messages.0.message.tool_calls.0.tool_call.id': call.call_id,
      'llm.output_messages.0.message.tool_calls.0.tool_call.function.name': 'lookup',
      'llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments': '{"q":"otel"}',
    });
    expect(JSON.parse(String(a['llm.tools.0.tool.json_schema']))).toMatchObject({ name: 'lookup' });
  });

  it('create streamed: the events pass through, usage comes from response.completed', async () => {
    fake.enqueue({ content: 'Streamed response text', usage: { promptTokens: 9, completionTokens: 3 } });
    const stream = await client.responses.create({ model: 'gpt-4o-mini', input: 'hi', stream: true });
    const types: string[] = [];
    let text = '';
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_text.delta') text += event.delta;
    }
    expect(text).toBe('Streamed response text');
    expect(types.at(-1)).toBe('response.completed');
    expect(fake.requests[0]?.body, 'no stream_options on the Responses API').not.toHaveProperty(
      'stream_options',
    );

    const span = onlyOkSpan(await tracing.expectSettled(1));
    expect(span.attributes).toMatchObject({
      'portobserve.stream': true,
      'portobserve.stream.end': 'complete',
      'output.value': 'Streamed response text',
      'llm.token_count.prompt': 9,
      'llm.token_count.completion': 3,
      'llm.model_name': 'gpt-4o-mini-2024-07-18',
    });
    expect(span.attributes['gen_ai.response.time_to_first_chunk']).toEqual(expect.any(Number));
  });

  it('create streamed, break early: cancelled, with the text so far', async () => {
    fake.enqueue({ content: 'one two three four five six seven eight', chunkDelayMs: 5 });
    const stream = await client.responses.create({ model: 'gpt-4o-mini', input: 'hi', stream: true });
    let deltas = 0;
    for await (const event of stream) {
      if (event.type === 'response.output_text.delta' && ++deltas === 2) break;
    }
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.attributes['portobserve.stream.end']).toBe('cancelled');
    expect(span.attributes['output.value']).toBe('one two');
    expect(outputText(span)).toBe('one two');
    expect(span.attributes['llm.model_name']).toBe('gpt-4o-mini-2024-07-18');
  });

  it('responses.stream() helper: events and finalResponse(), one span', async () => {
    fake.enqueue({ content: 'Helper response', usage: { promptTokens: 4, completionTokens: 2 } });
    const runner = client.responses.stream({ model: 'gpt-4o-mini', input: 'hi' });
    const deltas: string[] = [];
    runner.on('response.output_text.delta', (event) => deltas.push(event.delta));
    const final = await runner.finalResponse();
    expect(final.output_text).toBe('Helper response');
    expect(deltas.join('')).toBe('Helper response');

    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.attributes).toMatchObject({
      'portobserve.stream.end': 'complete',
      'output.value': 'Helper response',
      'llm.token_count.prompt': 4,
      'llm.token_count.completion': 2,
    });
    expect(span.status.code).toBe(SpanStatusCode.OK);
  });

  it('responses.parse() with a json_schema format: output_parsed, one span', async () => {
    const response = await client.responses.parse({
      model: 'gpt-4o-mini',
      input: 'A city',
      text: { format: { type: 'json_schema', ...nameSchema } },
    });
    expect(response.output_parsed).toEqual({ name: 'sample' });
    const span = onlyOkSpan(await tracing.expectSettled(1));
    expect(span.attributes['output.value']).toBe('{"name":"sample"}');
    expect(outputText(span)).toBe('{"name":"sample"}');
    expect(span.attributes['gen_ai.output.type']).toBe('json');
  });
});

describe('completions (legacy)', () => {
  it('create: prompt in, text and usage out', async () => {
    fake.enqueue({ content: 'a legacy answer' });
    const completion = await client.completions.create({
      model: 'gpt-3.5-turbo-instruct',
      prompt: 'Say something old',
      max_tokens: 20,
    });
    expect(completion.choices[0]?.text).toBe('a legacy answer');
    const span = onlyOkSpan(await tracing.expectSettled(1));
    expect(span.name).toBe('TextCompletion');
    expect(span.attributes).toMatchObject({
      'openinference.span.kind': 'LLM',
      'gen_ai.operation.name': 'text_completion',
      'llm.prompts.0.prompt.text': 'Say something old',
      'gen_ai.request.max_tokens': 20,
      'output.value': 'a legacy answer',
      'llm.token_count.prompt': 3,
      'llm.token_count.completion': 3,
      'gen_ai.response.finish_reasons': ['stop'],
    });
    expect(recordedMessages(span, 'input')).toEqual([{ role: 'user', content: 'Say something old' }]);
    expect(outputText(span)).toBe('a legacy answer');
    expect(span.attributes['llm.cost.total']).toBeGreaterThan(0);
  });

  it('create streamed: usage from the usage chunk we asked for, kept out of the loop', async () => {
    fake.enqueue({ content: 'streamed legacy answer', usage: { promptTokens: 11, completionTokens: 3 } });
    const stream = await client.completions.create({
      model: 'gpt-3.5-turbo-instruct',
      prompt: 'hi',
      stream: true,
    });
    let text = '';
    let usageChunks = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.text ?? '';
      if (chunk.usage) usageChunks += 1;
    }
    expect(text).toBe('streamed legacy answer');
    expect(usageChunks).toBe(0);
    expect(fake.requests[0]?.body).toMatchObject({ stream_options: { include_usage: true } });

    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.attributes).toMatchObject({
      'portobserve.stream.end': 'complete',
      'output.value': 'streamed legacy answer',
      'llm.token_count.prompt': 11,
      'llm.token_count.completion': 3,
      'llm.token_count.total': 14,
    });
    expect(span.attributes['gen_ai.response.time_to_first_chunk']).toEqual(expect.any(Number));
  });
});

describe('embeddings', () => {
  it('create with the SDK default (base64 on the wire): texts and token counts, never the vectors', async () => {
    const result = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['first text here', 'second'],
    });
    expect(fake.requests[0]?.body).toMatchObject({ encoding_format: 'base64' });
    const vector = result.data[0]?.embedding ?? [];
    expect(vector).toHaveLength(8);
    expect(typeof vector[0]).toBe('number');

    const span = onlyOkSpan(await tracing.expectSettled(1));
    expect(span.name).toBe('Embeddings');
    expect(span.attributes).toMatchObject({
      'openinference.span.kind': 'EMBEDDING',
      'gen_ai.operation.name': 'embeddings',
      'embedding.model_name': 'text-embedding-3-small',
      'gen_ai.request.model': 'text-embedding-3-small',
      'embedding.embeddings.0.embedding.text': 'first text here',
      'embedding.embeddings.1.embedding.text': 'second',
      'llm.token_count.prompt': 4,
      'llm.token_count.total': 4,
      'gen_ai.usage.input_tokens': 4,
    });
    expect(recordedMessages(span, 'input')).toEqual([
      { role: 'user', content: 'first text here' },
      { role: 'user', content: 'second' },
    ]);
    expect(span.attributes['gen_ai.output.messages'], 'vectors are never content').toBeUndefined();
    expect(keysWithPrefix(span, 'embedding.embeddings').every((key) => key.endsWith('.embedding.text'))).toBe(
      true,
    );
    const text = spanText(span);
    for (const value of vector.slice(0, 3)) expect(text).not.toContain(String(value).slice(0, 8));
    expect(text).not.toMatch(/[A-Za-z0-9+/]{40,}={0,2}/);
    expect(span.attributes['output.value']).toBeUndefined();
  });

  it('create with float encoding and a single string', async () => {
    await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'one',
      encoding_format: 'float',
    });
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.attributes['embedding.embeddings.0.embedding.text']).toBe('one');
    expect(span.attributes['gen_ai.request.encoding_formats']).toEqual(['float']);
    expect(span.attributes['llm.cost.total']).toEqual(expect.any(Number));
  });

  it('a failed embeddings call is an error span', async () => {
    fake.enqueue({ status: 429 });
    await expect(
      client.embeddings.create({ model: 'text-embedding-3-small', input: 'one' }),
    ).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    onlyErrorSpan(await tracing.expectSettled(1), '429');
  });
});
