import { createOpenAI } from 'ai-sdk-openai-2';
import { createOpenAICompatible } from 'ai-sdk-openai-compatible-1';
import { embed, generateText, streamText } from 'ai5';
import { describe } from 'vitest';
import { aiSdkTests } from './support/ai-sdk-suite.js';
import { useClientStack } from './support/client-stack.js';
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

describe('Vercel AI SDK 5 (@ai-sdk/openai 2, @ai-sdk/openai-compatible 1) through the gateway', () => {
  aiSdkTests(stack, sdk.runner);
});
