import { afterAll, beforeAll, describe, it } from 'vitest';
import { aiSdkTests } from './support/ai-sdk-suite.js';
import { PROVIDER_KEY, useClientStack } from './support/client-stack.js';
import { nodeBinary } from './support/node-binary.js';
import { type ScenarioChild, startScenarioChild } from './support/scenario-child.js';

// AI SDK 7 needs Node 22+: the calls run in a child process on a Node 22 binary from npm.
const node = nodeBinary(22);
const stack = useClientStack();
let child: ScenarioChild | undefined;
beforeAll(async () => {
  if (!('path' in node)) return;
  child = await startScenarioChild(node.path, 'ai-sdk-7.mjs', {
    ...stack.env,
    CLIENT_TESTS_GATEWAY: JSON.stringify({
      baseURL: stack.gateway.baseURL,
      apiKey: PROVIDER_KEY,
      headers: stack.routing,
    }),
  });
}, 60_000);
afterAll(() => child?.stop());

describe.runIf('path' in node)(
  'Vercel AI SDK 7 (@ai-sdk/openai 4, @ai-sdk/openai-compatible 3) on Node 22+',
  () => {
    aiSdkTests(stack, () => {
      if (!child) throw new Error('the AI SDK 7 child did not start');
      return { run: (name) => (child as ScenarioChild).run(name), flush: async () => {} };
    });
  },
);

if ('missing' in node) {
  console.warn(`AI SDK 7 tests skipped: ${node.missing}`);
  describe.skip(`Vercel AI SDK 7 (${node.missing})`, () => {
    it('needs Node 22+', () => {});
  });
}
