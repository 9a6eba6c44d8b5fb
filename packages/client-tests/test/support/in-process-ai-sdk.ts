import { instrumentOpenAI, type OpenObserveHandle, openobserveInit } from '@portobserve/core';
import { afterAll, beforeAll } from 'vitest';
import { type AISdk, aiSdkScenarios } from '../../fixtures/ai-sdk-scenarios.mjs';
import type { AISdkRunner } from './ai-sdk-suite.js';
import { type ClientStack, PROVIDER_KEY } from './client-stack.js';

/** An AI SDK major run in this process, set up as the README says: openobserveInit() + instrumentOpenAI(). */
export interface InProcessAISdk {
  runner(): AISdkRunner;
  handle(): OpenObserveHandle;
  scenarios(): ReturnType<typeof aiSdkScenarios>;
}

/** The hooks of a file that runs one AI SDK major in this process (AI SDK 5 and 6 run on Node 20). */
export function useInProcessAISdk(stack: ClientStack, sdk: AISdk): InProcessAISdk {
  let handle: OpenObserveHandle | undefined;
  let uninstrument = () => {};
  let scenarios: ReturnType<typeof aiSdkScenarios> | undefined;
  beforeAll(() => {
    Object.assign(process.env, stack.env);
    handle = openobserveInit();
    uninstrument = instrumentOpenAI();
    scenarios = aiSdkScenarios(sdk, {
      baseURL: stack.gateway.baseURL,
      apiKey: PROVIDER_KEY,
      headers: stack.routing,
    });
  });
  afterAll(async () => {
    uninstrument();
    await handle?.shutdown();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the AI SDK is set up in beforeAll: use it inside a test');
    return value;
  };
  return {
    runner: () => ({
      run: (name) => (started(scenarios)[name] as () => Promise<Record<string, unknown>>)(),
      flush: () => started(handle).forceFlush(),
    }),
    handle: () => started(handle),
    scenarios: () => started(scenarios),
  };
}
