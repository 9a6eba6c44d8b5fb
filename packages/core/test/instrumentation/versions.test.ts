import OpenAI from 'openai';
import OpenAI5 from 'openai5';
import OpenAI6 from 'openai6';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { instrumentOpenAI } from '../../src/index.js';
import {
  manyWords,
  nameSchema,
  onlyErrorSpan,
  onlyOkSpan,
  onlySpan,
  outputText,
  streamedText,
  user,
  waitForUpstreamAbort,
} from './support/harness.js';
import { useTracedUpstream } from './support/traced-upstream.js';

const { tracing, fake } = useTracedUpstream();

/**
 * Every major is driven through the 7.x typings: the calls used here have the same shape in 5.x and
 * 6.x, so one scenario runs on all of them.
 */
type AnyOpenAIClass = new (options: ConstructorParameters<typeof OpenAI>[0]) => OpenAI;

const majors: Array<[string, AnyOpenAIClass]> = [
  ['5', OpenAI5 as unknown as AnyOpenAIClass],
  ['6', OpenAI6 as unknown as AnyOpenAIClass],
  ['7', OpenAI as unknown as AnyOpenAIClass],
];

describe.each(majors)('openai %s.x', (major, OpenAIClass) => {
  let client: OpenAI;
  let uninstrument: () => void;
  beforeAll(() => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      uninstrument = instrumentOpenAI(OpenAIClass, {});
      expect(warn, 'a tested major does not warn').not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
    client = new OpenAIClass({ apiKey: 'sk-test-versions', baseURL: fake.baseURL, maxRetries: 0 });
  });
  afterAll(() => uninstrument());

  it('is the major it claims to be', () => {
    const agent = (
      OpenAIClass as unknown as { prototype: { getUserAgent(): string } }
    ).prototype.getUserAgent.call({ constructor: { name: 'OpenAI' } });
    expect(agent).toContain(`OpenAI/JS ${major}.`);
  });

  it('plain chat', async () => {
    fake.enqueue({ content: 'plain answer', usage: { promptTokens: 12, completionTokens: 2 } });
    const answer = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [user('hi')] });
    expect(answer.choices[0]?.message.content).toBe('plain answer');
    const span = onlyOkSpan(await tracing.expectSettled(1));
    expect(span.attributes).toMatchObject({
      'llm.model_name': 'gpt-4o-mini-2024-07-18',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.output.messages': expect.stringContaining(JSON.stringify('plain answer')),
      'llm.token_count.prompt': 12,
      'llm.token_count.completion': 2,
    });
    expect(span.attributes['llm.cost.total']).toBeGreaterThan(0);
  });

  it('streamed chat with usage', async () => {
    fake.enqueue({ content: 'streamed answer', usage: { promptTokens: 7, completionTokens: 2 } });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [user('hi')],
      stream: true,
    });
    expect(await streamedText(stream)).toBe('streamed answer');
    expect(fake.requests[0]?.body).toMatchObject({ stream_options: { include_usage: true } });
    const span = onlyOkSpan(await tracing.expectSettled(1));
    expect(span.attributes).toMatchObject({
      'portobserve.stream.end': 'complete',
      'gen_ai.output.messages': expect.stringContaining(JSON.stringify('streamed answer')),
      'llm.token_count.prompt': 7,
      'llm.token_count.completion': 2,
    });
  });

  it('parse() with json_schema', async () => {
    const completion = await client.chat.completions.parse({
      model: 'gpt-4o-mini',
      messages: [user('A city')],
      response_format: { type: 'json_schema', json_schema: nameSchema },
    });
    expect(completion.choices[0]?.message.parsed).toEqual({ name: 'sample' });
    const span = onlyOkSpan(await tracing.expectSettled(1));
    expect(outputText(span)).toBe('{"name":"sample"}');
  });

  it('break out of a stream aborts the request and ends the span', async () => {
    fake.enqueue({ content: manyWords(100), chunkDelayMs: 10 });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [user('hi')],
      stream: true,
    });
    let count = 0;
    for await (const _chunk of stream) if (++count === 3) break;
    expect(onlySpan(tracing.spans()).attributes['portobserve.stream.end']).toBe('cancelled');
    await waitForUpstreamAbort(fake);
  });

  it('a 429 is an error span', async () => {
    fake.enqueue({ status: 429 });
    await expect(
      client.chat.completions.create({ model: 'gpt-4o-mini', messages: [user('hi')] }),
    ).rejects.toThrow();
    onlyErrorSpan(await tracing.expectSettled(1), '429');
  });

  it('chat.completions.stream() and responses.stream() helpers', async () => {
    fake.enqueue({ content: 'chat helper' }, { content: 'responses helper' });
    const chat = await client.chat.completions
      .stream({ model: 'gpt-4o-mini', messages: [user('hi')] })
      .finalChatCompletion();
    expect(chat.choices[0]?.message.content).toBe('chat helper');
    const response = await client.responses.stream({ model: 'gpt-4o-mini', input: 'hi' }).finalResponse();
    // openai 5.x leaves `output_text` off the helper's final response; the output itself is there.
    const [message] = response.output;
    const part = message?.type === 'message' ? message.content[0] : undefined;
    expect(part?.type === 'output_text' ? part.text : undefined).toBe('responses helper');
    const spans = await tracing.expectSettled(2);
    expect(spans.map((span) => [span.name, outputText(span)])).toEqual([
      ['ChatCompletion', 'chat helper'],
      ['Response', 'responses helper'],
    ]);
  });

  it('embeddings with the default encoding', async () => {
    const result = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'vector me' });
    expect(typeof result.data[0]?.embedding[0]).toBe('number');
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.attributes).toMatchObject({
      'openinference.span.kind': 'EMBEDDING',
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', content: 'vector me' }]),
      'llm.token_count.prompt': 2,
    });
  });
});

describe('an untested openai major', () => {
  function fakeOpenAIClass(version: string) {
    class Completions {
      create(body: { model: string }) {
        return Promise.resolve({
          id: 'chatcmpl-future',
          model: `${body.model}-future`,
          choices: [
            { index: 0, message: { role: 'assistant', content: 'from the future' }, finish_reason: 'stop' },
          ],
          usage: { prompt_tokens: 3, completion_tokens: 3, total_tokens: 6 },
        });
      }
    }
    class FutureOpenAI {
      static Chat = { Completions };
      chat = { completions: new Completions() };
      getUserAgent() {
        return `${this.constructor.name}/JS ${version}`;
      }
    }
    return FutureOpenAI;
  }

  it('warns once per version, and is still patched', async () => {
    const FutureOpenAI = fakeOpenAIClass('99.0.0');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    let undoFirst = () => {};
    let undoSecond = () => {};
    try {
      undoFirst = instrumentOpenAI(FutureOpenAI);
      undoSecond = instrumentOpenAI(FutureOpenAI);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toMatch(/openai 99\.0\.0 has not been tested/);

      const answer = await new FutureOpenAI().chat.completions.create({ model: 'future-model' });
      expect(answer.choices[0]?.message.content).toBe('from the future');
      const span = onlyOkSpan(await tracing.expectSettled(1));
      expect(span.name).toBe('ChatCompletion');
      expect(span.attributes).toMatchObject({
        'llm.model_name': 'future-model-future',
        'gen_ai.output.messages': expect.stringContaining(JSON.stringify('from the future')),
        'llm.token_count.total': 6,
      });
    } finally {
      undoSecond();
      undoFirst();
      warn.mockRestore();
    }
  });
});
