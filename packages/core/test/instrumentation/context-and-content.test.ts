import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import OpenAI from 'openai';
import { describe, expect, it, vi } from 'vitest';
import { instrumentOpenAI, withLLMContext } from '../../src/index.js';
import { onlySpan, outputText, recordedMessages, spanText, user } from './support/harness.js';
import { instrumentFor, useTracedUpstream } from './support/traced-upstream.js';

const { tracing, fake, newClient } = useTracedUpstream({ apiKey: 'sk-test-content' });

const INPUT_CONTENT =
  /^(gen_ai\.input\.messages|gen_ai\.system_instructions|gen_ai\.tool\.definitions|llm\.input_messages|llm\.tools|llm\.prompts|embedding\.embeddings|input\.)/;
const OUTPUT_CONTENT = /^(gen_ai\.output\.messages|llm\.output_messages|output\.)/;

function contentKeys(span: ReadableSpan, pattern: RegExp): string[] {
  return Object.keys(span.attributes).filter((key) => pattern.test(key));
}

const tool = {
  type: 'function' as const,
  function: { name: 'secret_tool', parameters: { type: 'object', properties: {} } },
};

/** One call of every kind, each with recognisable content in and out. */
async function callEverything(client: OpenAI): Promise<void> {
  fake.enqueue({ content: 'PRIVATE-ANSWER-1' });
  await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [user('PRIVATE-PROMPT-1')],
    tools: [tool],
  });
  fake.enqueue({ content: 'PRIVATE-ANSWER-2' });
  for await (const _chunk of await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [user('PRIVATE-PROMPT-2')],
    stream: true,
  })) {
    // drain
  }
  fake.enqueue({ toolCalls: [{ name: 'secret_tool', arguments: '{"PRIVATE":"ARGS-3"}' }] });
  for await (const _chunk of await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [user('PRIVATE-PROMPT-3')],
    stream: true,
  })) {
    // drain
  }
  fake.enqueue({ content: 'PRIVATE-ANSWER-4' });
  await client.responses.create({
    model: 'gpt-4o-mini',
    instructions: 'PRIVATE-SYSTEM-4',
    input: 'PRIVATE-PROMPT-4',
  });
  fake.enqueue({ content: 'PRIVATE-ANSWER-5' });
  for await (const _event of await client.responses.create({
    model: 'gpt-4o-mini',
    input: 'PRIVATE-PROMPT-5',
    stream: true,
  })) {
    // drain
  }
  fake.enqueue({ content: 'PRIVATE-ANSWER-6' });
  await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'PRIVATE-PROMPT-6' });
  await client.embeddings.create({ model: 'text-embedding-3-small', input: 'PRIVATE-PROMPT-7' });
}

describe('withLLMContext', () => {
  instrumentFor({});

  it('adds session, user, metadata and tags across awaits, for plain and streamed calls', async () => {
    const client = newClient();
    await withLLMContext(
      { sessionId: 'session-1', userId: 'user-1', metadata: { plan: 'pro', n: 2 }, tags: ['support'] },
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [user('hi')] });
        await Promise.resolve();
        const stream = await client.chat.completions.create({
          model: 'gpt-4o-mini',
          messages: [user('hi')],
          stream: true,
        });
        for await (const _chunk of stream) {
          // drain
        }
      },
    );
    const spans = await tracing.expectSettled(2);
    for (const span of spans) {
      expect(span.attributes).toMatchObject({
        'session.id': 'session-1',
        'user.id': 'user-1',
        'tag.tags': ['support'],
      });
      expect(JSON.parse(String(span.attributes.metadata))).toEqual({ plan: 'pro', n: 2 });
    }
  });

  it('nested contexts merge: inner ids win, metadata merges, tags add up', async () => {
    const client = newClient();
    await withLLMContext(
      { sessionId: 'outer-session', userId: 'outer-user', metadata: { a: 1, b: 1 }, tags: ['outer'] },
      () =>
        withLLMContext({ userId: 'inner-user', metadata: { b: 2 }, tags: ['inner', 'outer'] }, async () => {
          await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [user('hi')] });
        }),
    );
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.attributes['session.id']).toBe('outer-session');
    expect(span.attributes['user.id']).toBe('inner-user');
    expect(JSON.parse(String(span.attributes.metadata))).toEqual({ a: 1, b: 2 });
    expect(span.attributes['tag.tags']).toEqual(['outer', 'inner']);
  });

  it('does not leak between concurrent contexts, nor outside them', async () => {
    const client = newClient();
    fake.setDefaultScenario({ latencyMs: 20 });
    await Promise.all(
      ['a', 'b', 'c'].map((name) =>
        withLLMContext({ sessionId: `session-${name}` }, async () => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [user(name)] });
        }),
      ),
    );
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [user('none')] });
    const spans = await tracing.expectSettled(4);
    const promptOf = (span: ReadableSpan) => recordedMessages(span, 'input')[0]?.content;
    const sessionOf = (prompt: string) =>
      spans.find((span) => promptOf(span) === prompt)?.attributes['session.id'];
    expect(sessionOf('a')).toBe('session-a');
    expect(sessionOf('b')).toBe('session-b');
    expect(sessionOf('c')).toBe('session-c');
    const outside = spans.find((span) => promptOf(span) === 'none')!;
    expect(
      Object.keys(outside.attributes).filter((key) => /^(session|user)\.id$|^metadata$|^tag\./.test(key)),
    ).toEqual([]);
  });
});

describe('captureContent: false', () => {
  instrumentFor({ captureContent: false, contentFormat: 'both' });

  it('records no prompt, completion, tool or embedding text on any kind of call', async () => {
    await callEverything(newClient());
    const spans = await tracing.expectSettled(7);
    for (const span of spans) {
      expect(contentKeys(span, INPUT_CONTENT), span.name).toEqual([]);
      expect(contentKeys(span, OUTPUT_CONTENT), span.name).toEqual([]);
      expect(spanText(span)).not.toContain('PRIVATE');
      expect(spanText(span)).not.toContain('secret_tool');
      // The rest of the span is still there.
      expect(span.attributes['llm.model_name'], span.name).toEqual(expect.any(String));
      expect(
        span.attributes['llm.token_count.prompt'] ?? span.attributes['portobserve.stream'],
        span.name,
      ).toBeDefined();
    }
    expect(spans[0]?.attributes['llm.token_count.total']).toEqual(expect.any(Number));
  });
});

describe('OPENOBSERVE_CAPTURE_CONTENT=false', () => {
  instrumentFor({}, { OPENOBSERVE_CAPTURE_CONTENT: 'false' });

  it('turns all content off, like the option', async () => {
    await callEverything(newClient());
    for (const span of await tracing.expectSettled(7)) expect(spanText(span)).not.toContain('PRIVATE');
  });
});

describe('OPENINFERENCE_HIDE_INPUTS=true', () => {
  instrumentFor({ contentFormat: 'both' }, { OPENINFERENCE_HIDE_INPUTS: 'true' });

  it('hides what went in and keeps what came out', async () => {
    expect(process.env.OPENINFERENCE_HIDE_INPUTS, 'only read when instrumenting').toBeUndefined();
    await callEverything(newClient());
    const spans = await tracing.expectSettled(7);
    for (const span of spans) {
      expect(contentKeys(span, INPUT_CONTENT), span.name).toEqual([]);
      expect(spanText(span)).not.toContain('PRIVATE-PROMPT');
      expect(spanText(span)).not.toContain('PRIVATE-SYSTEM');
    }
    const outputs = spans.map((span) => span.attributes['output.value']);
    expect(spans.filter((span) => span.name !== 'Embeddings').map(outputText)).toEqual(
      expect.arrayContaining([
        'PRIVATE-ANSWER-1',
        'PRIVATE-ANSWER-2',
        'PRIVATE-ANSWER-4',
        'PRIVATE-ANSWER-6',
      ]),
    );
    expect(outputs).toContain('PRIVATE-ANSWER-1');
    expect(outputs).toContain('PRIVATE-ANSWER-2');
    expect(outputs).toContain('PRIVATE-ANSWER-4');
    expect(outputs).toContain('PRIVATE-ANSWER-5');
    expect(outputs).toContain('PRIVATE-ANSWER-6');
  });
});

describe('OPENINFERENCE_HIDE_OUTPUTS=true', () => {
  instrumentFor({ contentFormat: 'both' }, { OPENINFERENCE_HIDE_OUTPUTS: 'true' });

  it('hides what came out and keeps what went in', async () => {
    await callEverything(newClient());
    const spans = await tracing.expectSettled(7);
    for (const span of spans) {
      expect(contentKeys(span, OUTPUT_CONTENT), span.name).toEqual([]);
      expect(spanText(span)).not.toContain('PRIVATE-ANSWER');
      expect(spanText(span)).not.toContain('ARGS-3');
    }
    expect(spans[0]?.attributes['llm.input_messages.0.message.content']).toBe('PRIVATE-PROMPT-1');
    expect(recordedMessages(spans[0]!, 'input')).toEqual([{ role: 'user', content: 'PRIVATE-PROMPT-1' }]);
  });
});

describe('images and long text', () => {
  instrumentFor({ maxTextLength: 100, contentFormat: 'both' });
  const base64 = 'iVBORw0KGgo'.padEnd(40_000, 'A');
  const dataUrl = `data:image/png;base64,${base64}`;

  it('a base64 image in a chat message becomes a placeholder, never the data', async () => {
    await newClient().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: dataUrl } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
          ],
        },
      ],
    });
    const span = onlySpan(await tracing.expectSettled(1));
    const key = 'llm.input_messages.0.message.contents';
    expect(span.attributes).toMatchObject({
      [`${key}.0.message_content.type`]: 'text',
      [`${key}.0.message_content.text`]: 'What is this?',
      [`${key}.1.message_content.type`]: 'image',
      [`${key}.1.message_content.image.image.url`]: '[base64 image/png, 30000 bytes]',
      [`${key}.2.message_content.image.image.url`]: 'https://example.com/cat.png',
    });
    expect(String(span.attributes['gen_ai.input.messages']).length).toBeLessThanOrEqual(100);
    const text = spanText(span);
    expect(text).not.toContain('iVBORw0KGgo');
    expect(text).not.toContain('AAAAAAAAAAAAAAAAAAAA');
    expect(text.length).toBeLessThan(5000);
  });

  it('a base64 image in a Responses input becomes a placeholder', async () => {
    await newClient().responses.create({
      model: 'gpt-4o-mini',
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'Describe' },
            { type: 'input_image', image_url: dataUrl, detail: 'auto' },
          ],
        },
      ],
    });
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.attributes['llm.input_messages.0.message.contents.1.message_content.image.image.url']).toBe(
      '[base64 image/png, 30000 bytes]',
    );
    expect(spanText(span)).not.toContain('iVBORw0KGgo');
  });

  it('long text is cut at maxTextLength and says how much was cut', async () => {
    const long = 'lorem ipsum '.repeat(100);
    const answer = 'dolor sit amet '.repeat(40);
    fake.enqueue({ content: answer });
    await newClient().chat.completions.create({ model: 'gpt-4o-mini', messages: [user(long)] });
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.attributes['llm.input_messages.0.message.content']).toBe(
      `${long.slice(0, 100)}…[truncated ${long.length - 100} chars]`,
    );
    expect(span.attributes['llm.output_messages.0.message.content']).toBe(
      `${answer.slice(0, 100)}…[truncated ${answer.length - 100} chars]`,
    );
    expect(span.attributes['output.value']).toBe(span.attributes['llm.output_messages.0.message.content']);
    const input = String(span.attributes['input.value']);
    expect(input.length, 'the raw request fits the limit too').toBeLessThanOrEqual(100);
    expect(JSON.parse(input), 'and stays valid JSON').toMatchObject({ model: 'gpt-4o-mini' });
    for (const side of ['input', 'output'] as const) {
      const json = String(span.attributes[`gen_ai.${side}.messages`]);
      expect(json.length).toBeLessThanOrEqual(100);
      expect(String(recordedMessages(span, side)[0]?.content)).toMatch(/…\[truncated \d+ chars\]$/);
    }
  });

  it('a maxTextLength below 64 is one clear error; with OPENOBSERVE_STRICT=true it throws', () => {
    withEnv({ OPENOBSERVE_STRICT: 'true' }, () => {
      expect(() => instrumentOpenAI(OpenAI, { maxTextLength: 5 })).toThrow(RangeError);
    });
  });
});

function withEnv(env: Record<string, string>, work: () => void): void {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  try {
    work();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

describe('a bad setting never takes the app down', () => {
  it('OPENOBSERVE_CAPTURE_CONTENT=fasle: one error naming it, and calls traced without their content', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const client = newClient();
    let uninstrument = () => {};
    try {
      withEnv({ OPENOBSERVE_CAPTURE_CONTENT: 'fasle' }, () => {
        uninstrument = instrumentOpenAI(client);
      });
      fake.enqueue({ content: 'PRIVATE-ANSWER' });
      await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [user('PRIVATE-PROMPT')] });
      const span = onlySpan(await tracing.expectSettled(1));
      expect(spanText(span)).not.toContain('PRIVATE');
      expect(span.attributes['gen_ai.request.model']).toBe('gpt-4o-mini');
      expect(error).toHaveBeenCalledTimes(1);
      expect(String(error.mock.calls[0]?.[0])).toMatch(
        /OPENOBSERVE_CAPTURE_CONTENT="fasle" is not a boolean.*traced without their content.*OPENOBSERVE_STRICT=true/,
      );
    } finally {
      uninstrument();
      error.mockRestore();
    }
  });
});

describe('hidden content is never serialised', () => {
  it('a hidden prompt is not even turned into JSON (no work wasted on what is dropped)', async () => {
    let serialised = 0;
    const message = {
      role: 'user' as const,
      content: 'hi',
      toJSON() {
        serialised += 1;
        return { role: this.role, content: this.content };
      },
    };
    const plain = newClient();
    await plain.chat.completions.create({ model: 'gpt-4o-mini', messages: [message] });
    const bySdkAlone = serialised;
    expect(bySdkAlone).toBeGreaterThan(0);

    serialised = 0;
    const hidden = newClient();
    const uninstrument = instrumentOpenAI(hidden, { captureContent: false });
    try {
      await hidden.chat.completions.create({ model: 'gpt-4o-mini', messages: [message] });
    } finally {
      uninstrument();
    }
    expect(serialised).toBe(bySdkAlone);
    onlySpan(await tracing.expectSettled(1));
  });
});
