import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { type ClientStack, PROVIDER_KEY } from './client-stack.js';
import { nodeBinary } from './node-binary.js';

/** A child process that runs one scenario module's calls on request (fixtures/scenario-child.mjs). */
export interface ScenarioChild {
  run(name: string): Promise<Record<string, unknown>>;
  /** Everything the child printed. */
  output(): string;
  stop(): Promise<void>;
}

const runner = fileURLToPath(new URL('../../fixtures/scenario-child.mjs', import.meta.url));

/**
 * Starts `fixtures/<module>` in a child process on `nodePath`, with telemetry set up as a user would,
 * exporting to the double (`env`). Resolves once it is ready.
 */
export async function startScenarioChild(
  nodePath: string,
  module: string,
  env: Record<string, string>,
): Promise<ScenarioChild> {
  const modulePath = fileURLToPath(new URL(`../../fixtures/${module}`, import.meta.url));
  const child: ChildProcess = fork(runner, [modulePath], {
    execPath: nodePath,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let printed = '';
  child.stdout?.on('data', (chunk) => {
    printed += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    printed += String(chunk);
  });
  const next = (): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const onMessage = (message: Record<string, unknown>) => {
        child.off('exit', onExit);
        resolve(message);
      };
      const onExit = (code: number | null) => {
        child.off('message', onMessage);
        reject(new Error(`the scenario child exited (${code}):\n${printed}`));
      };
      child.once('message', onMessage);
      child.once('exit', onExit);
    });
  await next();
  return {
    async run(name) {
      child.send({ run: name });
      const reply = await next();
      if (reply.error) throw new Error(`scenario ${name} failed in the child: ${String(reply.error)}`);
      return (reply.result ?? {}) as Record<string, unknown>;
    },
    output: () => printed,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ stop: true });
      await exited;
    },
  };
}

/**
 * The hooks of a file whose client needs Node 22+: `fixtures/<module>` runs in a child process on a
 * Node 22 binary (this one's when recent enough), exporting to the file's double. `available` says
 * whether such a binary is there; when it is not, the file prints why and skips.
 */
export function useNode22ScenarioChild(
  stack: ClientStack,
  module: string,
): { available: boolean; missing: string | undefined; run(name: string): Promise<Record<string, unknown>> } {
  const node = nodeBinary(22);
  let child: ScenarioChild | undefined;
  beforeAll(async () => {
    if (!('path' in node)) return;
    child = await startScenarioChild(node.path, module, {
      ...stack.env,
      CLIENT_TESTS_GATEWAY: JSON.stringify({
        baseURL: stack.gateway.baseURL,
        apiKey: PROVIDER_KEY,
        headers: stack.routing,
      }),
    });
  }, 60_000);
  afterAll(() => child?.stop());
  if ('missing' in node) console.warn(`${module} tests skipped: ${node.missing}`);
  return {
    available: 'path' in node,
    missing: 'missing' in node ? node.missing : undefined,
    run(name) {
      if (!child) throw new Error(`the ${module} child did not start`);
      return child.run(name);
    },
  };
}
