import type { LocalStack } from './local-stack.js';

let localStack: LocalStack | undefined;

/** No Portkey and no OpenObserve configured: run on the local stand-ins. */
export function needsLocalDefaults(env: NodeJS.ProcessEnv): boolean {
  return !env.PORTKEY_BASE_URL && !env.PORTKEY_API_KEY && !env.OPENOBSERVE_URL;
}

/** Starts the local stand-ins (the testkit, a dev dependency, is loaded only here). */
export async function startLocalDefaults(): Promise<void> {
  const { startLocalStack } = await import('./local-stack.js');
  localStack = await startLocalStack();
}

/** The running local stand-ins, or undefined when the app uses a real Portkey and OpenObserve. */
export function runningLocalStack(): LocalStack | undefined {
  return localStack;
}
