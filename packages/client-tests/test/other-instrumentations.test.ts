import { OpenAIInstrumentation } from '@arizeai/openinference-instrumentation-openai';
import { instrumentOpenAI, type OpenObserveHandle, openobserveInit } from '@portobserve/core';
import OpenAI, * as openaiModule from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_KEY, useClientStack } from './support/client-stack.js';

// OpenInference's own OpenAI instrumentation makes an LLM span per call: then ours must not make a
// second one with the same tokens, and our Portkey facts go on theirs. Both orders of setup.
const stack = useClientStack();
let handle: OpenObserveHandle;
const undo: Array<() => void> = [];
const originalCreate = OpenAI.Chat.Completions.prototype.create;
beforeAll(() => {
  Object.assign(process.env, stack.env);
  handle = openobserveInit();
});
afterEach(() => {
  for (const step of undo.splice(0).reverse()) step();
  OpenAI.Chat.Completions.prototype.create = originalCreate;
});
afterAll(() => handle.shutdown());

function openInference(): void {
  const instrumentation = new OpenAIInstrumentation();
  instrumentation.manuallyInstrument(
    openaiModule as unknown as Parameters<typeof instrumentation.manuallyInstrument>[0],
  );
  undo.push(() => instrumentation.disable());
}

async function chatThroughGateway(): Promise<void> {
  stack.upstream.enqueue({ content: 'once', usage: { promptTokens: 9, completionTokens: 1 } });
  const client = new OpenAI({
    baseURL: stack.gateway.baseURL,
    apiKey: PROVIDER_KEY,
    defaultHeaders: stack.routing,
    maxRetries: 0,
  });
  await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
  await handle.forceFlush();
}

async function expectTheirSpanOnly(): Promise<void> {
  const rows = await stack.openobserve.waitForRows((all) =>
    all.some((row) => row.openinference_span_kind === 'LLM'),
  );
  await new Promise((resolve) => setTimeout(resolve, 100));
  await handle.forceFlush();
  const all = stack.openobserve.rows();
  expect(
    all.filter((row) => row.operation_name === 'ChatCompletion'),
    'no span of ours',
  ).toEqual([]);
  const withTokens = all.filter((row) => row.gen_ai_usage_input_tokens === 9);
  expect(withTokens).toHaveLength(1);
  expect(withTokens[0]?.portkey_provider).toBe('openai');
  expect(withTokens[0]?.portkey_trace_id).toEqual(expect.any(String));
  expect(rows.length).toBeGreaterThan(0);
}

describe('with OpenInference’s OpenAI instrumentation as well', () => {
  it('set up before ours (ours wraps theirs): one LLM span, theirs, with our Portkey facts', async () => {
    openInference();
    undo.push(instrumentOpenAI());
    await chatThroughGateway();
    await expectTheirSpanOnly();
  });

  it('set up after ours (theirs wraps ours): one LLM span, theirs, with our Portkey facts', async () => {
    undo.push(instrumentOpenAI());
    openInference();
    await chatThroughGateway();
    await expectTheirSpanOnly();
  });
});
