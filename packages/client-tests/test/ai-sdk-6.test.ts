import { createTracedFetch, withLLMContext } from '@portobserve/core';
import { createOpenAI } from 'ai-sdk-openai-3';
import { createOpenAICompatible } from 'ai-sdk-openai-compatible-2';
import { embed, generateText, streamText } from 'ai6';
import { describe, expect, it } from 'vitest';
import { aiSdkTests } from './support/ai-sdk-suite.js';
import { llmRows, PROVIDER_KEY, useClientStack } from './support/client-stack.js';
import { useInProcessAISdk } from './support/in-process-ai-sdk.js';

const stack = useClientStack();
const sdk = useInProcessAISdk(stack, {
  generateText,
  streamText,
  embed,
  createOpenAI,
  createOpenAICompatible,
  telemetry: { isEnabled: true },
});
const handle = { forceFlush: () => sdk.handle().forceFlush() };

describe('Vercel AI SDK 6 (@ai-sdk/openai 3, @ai-sdk/openai-compatible 2) through the gateway', () => {
  aiSdkTests(stack, sdk.runner);
});

describe('the LLM context and the content controls at the transport', () => {
  it('withLLMContext around an AI SDK call: session and user on its span', async () => {
    stack.upstream.enqueue({ content: 'with context', usage: { promptTokens: 3, completionTokens: 2 } });
    await withLLMContext({ sessionId: 'chat-ai-6', userId: 'u-ai-6' }, () =>
      sdk.scenarios().chatGenerate?.(),
    );
    const [row] = await llmRows(stack.openobserve, 1, () => handle.forceFlush());
    expect(row).toMatchObject({
      session_id: 'chat-ai-6',
      user_id: 'u-ai-6',
      gen_ai_conversation_id: 'chat-ai-6',
    });
  });

  it('captureContent: false on createTracedFetch: no prompt, no answer, the same counts', async () => {
    stack.upstream.enqueue({ content: 'SECRET-ANSWER', usage: { promptTokens: 3, completionTokens: 2 } });
    const openai = createOpenAI({
      baseURL: stack.gateway.baseURL,
      apiKey: PROVIDER_KEY,
      headers: stack.routing,
      fetch: createTracedFetch({ captureContent: false }),
    });
    await generateText({ model: openai.chat('gpt-4o-mini'), prompt: 'SECRET-PROMPT', maxRetries: 0 });
    const [row, ...rest] = await llmRows(stack.openobserve, 1, () => handle.forceFlush());
    expect(rest, 'one span: the global capture steps aside for the traced fetch').toEqual([]);
    expect(JSON.stringify(row)).not.toContain('SECRET');
    expect(row?.gen_ai_usage_input_tokens).toBe(3);
  });
});
