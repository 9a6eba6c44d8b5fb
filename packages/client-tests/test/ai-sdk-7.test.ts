import { describe, it } from 'vitest';
import { aiSdkTests } from './support/ai-sdk-suite.js';
import { useClientStack } from './support/client-stack.js';
import { useNode22ScenarioChild } from './support/scenario-child.js';

// AI SDK 7 needs Node 22+: the calls run in a child process on a Node 22 binary from npm.
const stack = useClientStack();
const child = useNode22ScenarioChild(stack, 'ai-sdk-7.mjs');

describe.runIf(child.available)(
  'Vercel AI SDK 7 (@ai-sdk/openai 4, @ai-sdk/openai-compatible 3) on Node 22+',
  () => {
    aiSdkTests(stack, () => ({ run: (name) => child.run(name), flush: async () => {} }));
  },
);

if (!child.available) {
  describe.skip(`Vercel AI SDK 7 (${child.missing})`, () => {
    it('needs Node 22+', () => {});
  });
}
