import { type OpenObserveRow, startLocalStack as startTestkitStack } from '@portobserve/testkit';

/** The local stand-ins started when there is no `.env`. */
export interface LocalStack {
  /** The spans the OpenObserve stand-in received, as OpenObserve's rows. */
  rows(): OpenObserveRow[];
  stop(): Promise<void>;
}

/**
 * Local defaults for a machine with no `.env`: the testkit's stand-ins, with the environment pointed
 * at them.
 */
export async function startLocalStack(): Promise<LocalStack> {
  const stack = await startTestkitStack({ serviceName: process.env.OTEL_SERVICE_NAME ?? 'express-demo' });
  // Slow enough that /chat/stream visibly streams, token by token.
  stack.upstream.setDefaultScenario({ chunkDelayMs: 40 });
  Object.assign(process.env, stack.env);
  return { rows: () => stack.openobserve.rows(), stop: () => stack.stop() };
}
