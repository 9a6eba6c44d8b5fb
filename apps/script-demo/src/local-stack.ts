import {
  type FakeOpenAIScenario,
  type OpenObserveRow,
  startLocalStack as startTestkitStack,
} from '@portobserve/testkit';
import type { StoryStepId } from './story/story-step.js';

/**
 * How the fake upstream plays the model for the calls that need a particular answer: two tool calls
 * at once, and a 429. The other calls get its default answer.
 */
const UPSTREAM_SCRIPT: Partial<Record<StoryStepId, FakeOpenAIScenario>> = {
  'tool-calls': {
    toolCalls: [
      { name: 'get_weather', arguments: '{"city":"Paris"}' },
      { name: 'get_weather', arguments: '{"city":"Tokyo"}' },
    ],
  },
  'rate-limit': { status: 429, errorMessage: 'Rate limit reached for requests.' },
};

/** The local stand-ins, for a machine with no `.env`. */
export interface DemoLocalStack {
  /** One line per stand-in: what it is and where it listens. */
  description: string[];
  /** Tells the fake upstream how to answer the next call of this step. */
  prepare(step: StoryStepId): void;
  /** The row the OpenObserve double stored for the call, after OpenObserve's LLM ingest step. */
  storedRow(traceId: string): Promise<OpenObserveRow>;
  stop(): Promise<void>;
}

/**
 * Starts the real Portkey gateway, a fake OpenAI upstream and the OpenObserve double (from
 * `@portobserve/testkit`) and points the environment at them.
 *
 * @example
 * ```ts
 * const local = await startLocalStack();
 * local.prepare('rate-limit'); // the next call gets a 429
 * ```
 */
export async function startLocalStack(): Promise<DemoLocalStack> {
  const stack = await startTestkitStack({ serviceName: 'script-demo', announce: false });
  Object.assign(process.env, stack.env);
  return {
    description: [
      `Portkey gateway   ${stack.gateway.baseURL}  (the real @portkey-ai/gateway from npm)`,
      `OpenAI upstream   ${stack.upstream.baseURL}  (a fake that plays the model)`,
      `OpenObserve       ${stack.openobserve.url}  (a stand-in that stores rows as OpenObserve v0.91+ does; it has no UI)`,
    ],
    prepare(step) {
      const scenario = UPSTREAM_SCRIPT[step];
      if (scenario) stack.upstream.enqueue(scenario);
    },
    async storedRow(traceId) {
      const rows = await stack.openobserve.waitForRows((found) =>
        found.some((row) => row.trace_id === traceId),
      );
      const row = rows.find((found) => found.trace_id === traceId);
      if (row === undefined) throw new Error(`no row for trace ${traceId}`);
      return row;
    },
    async stop() {
      await reportRowsToParent(stack.openobserve.rows());
      await stack.stop();
    },
  };
}

/**
 * For the demo's own test, which starts it with an IPC channel: every row the double stored, so the
 * test compares what was printed with what was stored. Without a channel (`pnpm demo`) it does nothing.
 */
function reportRowsToParent(rows: OpenObserveRow[]): Promise<void> {
  const send = process.send?.bind(process);
  if (send === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    send({ storedRows: rows }, undefined, {}, () => {
      process.disconnect?.();
      resolve();
    });
  });
}
