import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { withLLMContext } from '../../src/index.js';
import { onlySpan, recordedMessages, user } from './support/harness.js';
import { useTracedUpstream } from './support/traced-upstream.js';

// What users and upstreams really send: huge, hostile or broken input. Each attribute is computed on
// its own (a failure loses only that one), every string stays within the limit, and nothing throws.
const LIMIT = 16_000;
const { tracing, newClient } = useTracedUpstream({ instrument: {}, apiKey: 'sk-test-bad-input' });

function expectEveryStringWithinLimit(span: ReadableSpan): void {
  for (const [key, value] of Object.entries(span.attributes)) {
    const strings = Array.isArray(value) ? value : [value];
    for (const item of strings) {
      if (typeof item === 'string') expect(item.length, key).toBeLessThanOrEqual(LIMIT);
    }
  }
}

function expectRequestAttributes(span: ReadableSpan): void {
  expect(span.attributes).toMatchObject({
    'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.operation.name': 'chat',
    'openinference.span.kind': 'LLM',
  });
}

describe('huge and hostile requests', () => {
  it('a 10 MB prompt of base64-like characters: a placeholder, and every other attribute stays', async () => {
    const prompt = 'QUJD'.repeat(2_500_000);
    await newClient().chat.completions.create({ model: 'gpt-4o-mini', messages: [user(prompt)] });
    const span = onlySpan(await tracing.expectSettled(1));
    expectRequestAttributes(span);
    expect(recordedMessages(span, 'input')).toEqual([
      { role: 'user', content: '[base64 data, 7500000 bytes]' },
    ]);
    expectEveryStringWithinLimit(span);
  });

  it('a 10 MB prose prompt is cut, the JSON stays valid', async () => {
    const prompt = 'lorem ipsum dolor '.repeat(600_000);
    await newClient().chat.completions.create({ model: 'gpt-4o-mini', messages: [user(prompt)] });
    const span = onlySpan(await tracing.expectSettled(1));
    expectRequestAttributes(span);
    expect(String(recordedMessages(span, 'input')[0]?.content)).toMatch(/…\[truncated \d+ chars\]$/);
    expectEveryStringWithinLimit(span);
  });

  it('metadata holding a BigInt, a cycle and a getter that throws: the rest of the span is intact', async () => {
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    const metadata = {
      big: 12345678901234567890n,
      circular,
      get broken(): string {
        throw new Error('no');
      },
      fine: 'yes',
    };
    await withLLMContext({ sessionId: 's-1', userId: 'u-1', metadata }, () =>
      newClient().chat.completions.create({ model: 'gpt-4o-mini', messages: [user('hi')] }),
    );
    const span = onlySpan(await tracing.expectSettled(1));
    expectRequestAttributes(span);
    expect(span.attributes).toMatchObject({ 'session.id': 's-1', 'user.id': 'u-1' });
    expect(JSON.parse(String(span.attributes.metadata))).toEqual({
      big: '12345678901234567890',
      circular: { name: 'loop', self: '[circular]' },
      broken: '[unreadable]',
      fine: 'yes',
    });
    expect(span.status.code).toBe(SpanStatusCode.OK);
  });

  it('40,000-character invocation parameters, metadata, session id and tags are all cut', async () => {
    const long = 'x'.repeat(40_000);
    await withLLMContext({ sessionId: long, userId: long, metadata: { long }, tags: [long, long] }, () =>
      newClient().chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [user('hi')],
        user: long,
        metadata: { long },
      } as OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming),
    );
    const span = onlySpan(await tracing.expectSettled(1));
    expectRequestAttributes(span);
    expectEveryStringWithinLimit(span);
    expect(JSON.parse(String(span.attributes['llm.invocation_parameters'])).model).toBe('gpt-4o-mini');
    expect(String(span.attributes['session.id']).length).toBeLessThan(1000);
    expect((span.attributes['tag.tags'] as string[]).every((tag) => tag.length < 1000)).toBe(true);
  });

  it('__proto__ and constructor keys are recorded as keys, and pollute nothing', async () => {
    const metadata = JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}');
    const tool = JSON.parse(
      '{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"__proto__":{"type":"string"}}}}}',
    );
    await withLLMContext({ metadata }, () =>
      newClient().chat.completions.create({ model: 'gpt-4o-mini', messages: [user('hi')], tools: [tool] }),
    );
    const span = onlySpan(await tracing.expectSettled(1));
    const recorded = JSON.parse(String(span.attributes.metadata)) as Record<string, unknown>;
    expect(Object.keys(recorded)).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(recorded, 'constructor')?.value).toEqual({ prototype: { x: 1 } });
    expect(String(span.attributes['gen_ai.tool.definitions'])).toContain('"__proto__"');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('lone surrogates keep the JSON valid', async () => {
    await newClient().chat.completions.create({ model: 'gpt-4o-mini', messages: [user('bad \ud800 half')] });
    const span = onlySpan(await tracing.expectSettled(1));
    expect(recordedMessages(span, 'input')[0]?.content).toBe('bad \ud800 half');
  });

  it('depth-200 tool arguments: cut at a depth, in bounded time', async () => {
    let nested: Record<string, unknown> = { leaf: true };
    for (let depth = 0; depth < 200; depth++) nested = { nested };
    await newClient().responses.create({
      model: 'gpt-4o-mini',
      input: [{ type: 'function_call_output', call_id: 'call_1', output: JSON.stringify(nested) }],
      tools: [{ type: 'function', name: 'deep', parameters: nested, strict: false }],
    });
    const span = onlySpan(await tracing.expectSettled(1));
    expect(String(span.attributes['gen_ai.tool.definitions'])).toContain('[nested too deep]');
    expectEveryStringWithinLimit(span);
  });
});
