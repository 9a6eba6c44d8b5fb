import OpenAI from 'openai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type InstrumentOpenAIOptions, instrumentOpenAI } from '../../src/index.js';
import { onlySpan, spanText, user } from './support/harness.js';
import { useTracedUpstream } from './support/traced-upstream.js';

const undo: Array<() => void> = [];
const { tracing, newClient } = useTracedUpstream({
  apiKey: 'sk-test-precedence',
  afterEachTest() {
    for (const step of undo.splice(0).reverse()) step();
  },
});
const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
afterEach(() => warn.mockClear());

function instrument(...args: [] | [object] | [object, InstrumentOpenAIOptions]): void {
  undo.push((instrumentOpenAI as (...all: typeof args) => () => void)(...args));
}

async function chat(client: OpenAI): Promise<void> {
  await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [user('SECRET-PROMPT')] });
}

describe('which settings win when two instrumentOpenAI calls disagree', () => {
  it('misspelled options do not compile', () => {
    // @ts-expect-error `captureContnet` is not an option: the two call shapes are typed overloads.
    const typo = () => instrumentOpenAI({ captureContnet: false });
    expect(typo).toBeTypeOf('function');
  });

  it('a client call cannot turn content back on under a class call that turned it off', async () => {
    instrument(OpenAI, { captureContent: false });
    const client = newClient();
    instrument(client);
    await chat(client);
    const span = onlySpan(await tracing.expectSettled(1));
    expect(spanText(span)).not.toContain('SECRET-PROMPT');
    expect(span.attributes['gen_ai.input.messages']).toBeUndefined();
    expect(String(warn.mock.calls[0]?.[0])).toMatch(
      /instrumentOpenAI\(client, options\) asks for more content \(captureContent\)/,
    );
  });

  it('a class call made after a client call still turns that client’s content off', async () => {
    const client = newClient();
    instrument(client);
    instrument(OpenAI, { captureContent: false });
    await chat(client);
    expect(spanText(onlySpan(await tracing.expectSettled(1)))).not.toContain('SECRET-PROMPT');
  });

  it('a client call keeps its own non-content options (the more specific call wins)', async () => {
    instrument(OpenAI, { prices: { 'gpt-4o-mini': { input: 0, output: 0 } } });
    const client = newClient();
    instrument(client, { prices: { 'gpt-4o-mini': { input: 1, output: 1 } } });
    await chat(client);
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.attributes['gen_ai.usage.cost']).toBeGreaterThan(0);
    expect(warn).not.toHaveBeenCalled();
  });

  it('an app-wide call made again keeps the first options, tightens content, and says so', async () => {
    instrument({ includeStreamUsage: false });
    instrument({ includeStreamUsage: true, captureContent: false });
    expect(String(warn.mock.calls[0]?.[0])).toMatch(
      /instrumentOpenAI\(\) was called again with other options \(includeStreamUsage\)/,
    );
    const client = newClient();
    await chat(client);
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [user('hi')],
      stream: true,
    });
    for await (const _chunk of stream) {
      // drain
    }
    const [plain, streamed] = await tracing.expectSettled(2);
    expect(spanText(plain!)).not.toContain('SECRET-PROMPT');
    expect(
      streamed?.attributes['gen_ai.usage.input_tokens'],
      'the first call said no stream usage',
    ).toBeUndefined();
  });
});
