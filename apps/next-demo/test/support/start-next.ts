import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';

const appDirectory = fileURLToPath(new URL('../..', import.meta.url));
const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');

/** A running `next start` of the demo. */
export interface NextServer {
  url: string;
  /** Everything it printed so far. */
  output(): string;
  /** SIGTERM, then SIGKILL after 3 s. Idempotent. */
  stop(): Promise<void>;
}

/** `next start` of the built demo on a free port, with `env` on top of a clean environment. */
export async function startNext(env: Record<string, string>, timeoutMs = 30_000): Promise<NextServer> {
  if (!existsSync(`${appDirectory}/.next/BUILD_ID`)) {
    throw new Error(
      'apps/next-demo has no production build: run `pnpm --filter @example/next-demo build` first.',
    );
  }
  const port = await freePort();
  // Only the settings given here: none of the caller's OpenObserve, Portkey or OpenAI variables.
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  for (const name of Object.keys(childEnv)) {
    if (/^(OPENOBSERVE|PORTKEY|OPENAI|OTEL)_/.test(name)) delete childEnv[name];
  }
  Object.assign(childEnv, env);
  const child = spawn(
    process.execPath,
    [nextBin, 'start', '--port', String(port), '--hostname', '127.0.0.1'],
    {
      cwd: appDirectory,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += String(chunk);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += String(chunk);
  });
  const server: NextServer = { url: `http://127.0.0.1:${port}`, output: () => output, stop: stopper(child) };
  try {
    await waitUntilReady(server, child, timeoutMs);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

async function waitUntilReady(server: NextServer, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`next start exited (${child.exitCode}):\n${server.output()}`);
    try {
      const response = await fetch(server.url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`next start did not answer within ${timeoutMs} ms:\n${server.output()}`);
}

function stopper(child: ChildProcess): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
    return stopping;
  };
}
