import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { onlyOkSpan, recordedMessages } from './support/harness.js';
import { instrumentFor, useTracedUpstream } from './support/traced-upstream.js';

const { tracing, newClient } = useTracedUpstream();

type Message = OpenAI.Chat.Completions.ChatCompletionMessageParam;

/** `turns` alternating user and assistant messages, numbered from 1, after an optional system prompt. */
function conversation(turns: number, system?: string): Message[] {
  const messages: Message[] = system ? [{ role: 'system', content: system }] : [];
  for (let turn = 1; turn <= turns; turn++) {
    messages.push({ role: turn % 2 === 1 ? 'user' : 'assistant', content: `turn ${turn} ${'x'.repeat(40)}` });
  }
  return messages;
}

async function chat(messages: Message[]): Promise<ReadableSpan> {
  await newClient().chat.completions.create({ model: 'gpt-4o-mini', messages });
  return onlyOkSpan(await tracing.expectSettled(1));
}

/** The indexes of `llm.input_messages.{i}.message.role`, in order. */
function flattenedIndexes(span: ReadableSpan): number[] {
  return Object.keys(span.attributes)
    .map((key) => /^llm\.input_messages\.(\d+)\.message\.role$/.exec(key)?.[1])
    .filter((index) => index !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

describe('OpenInference flattened messages (contentFormat openinference)', () => {
  instrumentFor({ contentFormat: 'openinference' });

  it('flattens the last 12 messages, at their own indexes, and keeps a leading system message', async () => {
    const span = await chat(conversation(20, 'You are terse.'));
    // 21 messages: the system prompt (0), then the last 12 (9 to 20).
    expect(flattenedIndexes(span)).toEqual([0, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    expect(span.attributes).toMatchObject({
      'llm.input_messages.0.message.role': 'system',
      'llm.input_messages.0.message.content': 'You are terse.',
      'llm.input_messages.9.message.content': expect.stringMatching(/^turn 9 /),
      'llm.input_messages.20.message.content': expect.stringMatching(/^turn 20 /),
    });
    // The whole conversation is still in input.value.
    expect(JSON.parse(String(span.attributes['input.value'])).messages).toHaveLength(21);
  });

  it('without a system message, flattens just the last 12', async () => {
    const span = await chat(conversation(20));
    expect(flattenedIndexes(span)).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(span.attributes['llm.input_messages.8.message.content']).toMatch(/^turn 9 /);
  });

  it('flattens a conversation of 12 whole, a system message counted among them', async () => {
    const span = await chat(conversation(11, 'You are terse.'));
    expect(flattenedIndexes(span)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });
});

describe('GenAI JSON messages cut to maxTextLength (contentFormat genai)', () => {
  instrumentFor({ maxTextLength: 500 });

  it('leaves the oldest messages out, keeps a leading system message, and counts what it left out', async () => {
    const span = await chat(conversation(20, 'You are terse.'));
    const json = String(span.attributes['gen_ai.input.messages']);
    expect(json.length).toBeLessThanOrEqual(500);
    const kept = recordedMessages(span, 'input');
    expect(kept[0]).toEqual({ role: 'system', content: 'You are terse.' });
    // The newest messages, in order, with none missing between them and the end.
    const turns = kept.slice(1).map((message) => Number(/^turn (\d+) /.exec(String(message.content))?.[1]));
    expect(turns.length).toBeGreaterThan(2);
    expect(turns).toEqual(Array.from({ length: turns.length }, (_, index) => 21 - turns.length + index));
    expect(span.attributes['portobserve.input.messages.omitted']).toBe(21 - kept.length);
    // One more message would not have fitted.
    const next = JSON.stringify({ role: 'user', content: `turn ${20 - turns.length} ${'x'.repeat(40)}` });
    expect(json.length + next.length + 1).toBeGreaterThan(500);
  });

  it('stops at the first message that does not fit: older, shorter ones never fill a gap', async () => {
    const messages = conversation(20, 'You are terse.');
    messages[18] = { role: 'assistant', content: `turn 18 ${'y'.repeat(400)}` };
    const span = await chat(messages);
    const turns = recordedMessages(span, 'input')
      .slice(1)
      .map((message) => Number(/^turn (\d+) /.exec(String(message.content))?.[1]));
    expect(turns).toEqual([19, 20]);
    expect(span.attributes['portobserve.input.messages.omitted']).toBe(18);
  });

  it('without a system message, keeps only the newest that fit', async () => {
    const span = await chat(conversation(20));
    const kept = recordedMessages(span, 'input');
    expect(String(kept[0]?.content)).not.toMatch(/^turn 1 /);
    expect(String(kept.at(-1)?.content)).toMatch(/^turn 20 /);
    expect(span.attributes['portobserve.input.messages.omitted']).toBe(20 - kept.length);
  });

  it('leaves a conversation that fits whole, and counts nothing', async () => {
    const span = await chat(conversation(3, 'You are terse.'));
    expect(recordedMessages(span, 'input')).toHaveLength(4);
    expect(span.attributes['portobserve.input.messages.omitted']).toBeUndefined();
  });
});
