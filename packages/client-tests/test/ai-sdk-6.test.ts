import { instrumentOpenAI, type OpenObserveHandle, openobserveInit } from '@portobserve/core';
import { createOpenAI } from 'ai-sdk-openai-3';
import { createOpenAICompatible } from 'ai-sdk-openai-compatible-2';
import { embed, generateText, streamText } from 'ai6';
import { afterAll, beforeAll, describe } from 'vitest';
import { aiSdkScenarios } from '../fixtures/ai-sdk-scenarios.mjs';
import { aiSdkTests } from './support/ai-sdk-suite.js';
import { PROVIDER_KEY, useClientStack } from './support/client-stack.js';

const stack = useClientStack();
let handle: OpenObserveHandle;
let uninstrument: () => void;
let scenarios: ReturnType<typeof aiSdkScenarios>;
beforeAll(() => {
  Object.assign(process.env, stack.env);
  handle = openobserveInit();
  uninstrument = instrumentOpenAI();
  scenarios = aiSdkScenarios(
    { generateText, streamText, embed, createOpenAI, createOpenAICompatible, telemetry: { isEnabled: true } },
    { baseURL: stack.gateway.baseURL, apiKey: PROVIDER_KEY, headers: stack.routing },
  );
});
afterAll(async () => {
  uninstrument();
  await handle.shutdown();
});

describe('Vercel AI SDK 6 (@ai-sdk/openai 3, @ai-sdk/openai-compatible 2) through the gateway', () => {
  aiSdkTests(stack, () => ({
    run: (name) => (scenarios[name] as () => Promise<Record<string, unknown>>)(),
    flush: () => handle.forceFlush(),
  }));
});
