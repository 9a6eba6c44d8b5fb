import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { OpenObserveRow } from '@portobserve/testkit';

/** The built demo, as `pnpm demo` runs it. */
export const demoEntry = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** What one run of the demo printed and, on the local stand-ins, what the OpenObserve double stored. */
export interface DemoRun {
  /** The folder it ran in (where its `.env` is). */
  cwd: string;
  status: number | null;
  stdout: string;
  stderr: string;
  /** Every row the local stand-in stored (sent by the demo over the IPC channel); empty with a `.env`. */
  storedRows: OpenObserveRow[];
}

/**
 * Runs the built demo in `cwd` (where it looks for `.env`) with exactly `env`, and an IPC channel over
 * which the local stand-ins report their rows.
 */
export function runDemo(options: {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
}): Promise<DemoRun> {
  if (!existsSync(demoEntry)) throw new Error(`build the demo first (turbo does): ${demoEntry} is missing`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [demoEntry], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let stdout = '';
    let stderr = '';
    let storedRows: OpenObserveRow[] = [];
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('message', (message: { storedRows?: OpenObserveRow[] }) => {
      storedRows = message.storedRows ?? storedRows;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the demo did not finish in time:\n${stdout}${stderr}`));
    }, options.timeoutMs ?? 90_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ cwd: options.cwd, status, stdout, stderr, storedRows });
    });
  });
}

/** The environment without anything that points the demo somewhere (the shell of a fresh machine). */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(OPENOBSERVE|PORTKEY|OPENAI|OTEL|DEMO)_/.test(name) || name === 'INIT_CWD') delete env[name];
  }
  return { ...env, ...extra };
}

/** Runs a command to its end: its exit status and everything it printed. */
export function runCommand(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = cleanEnv(),
): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
  });
}
