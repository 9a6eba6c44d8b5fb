// Runs a command with its output held back: nothing is printed when it succeeds, everything it printed
// when it fails. What `pnpm verify` and `pnpm demo` use to print only failures.
import { spawn } from 'node:child_process';

/** The environment every quiet run gets: no telemetry prompts, no colour codes in captured logs. */
export const QUIET_ENV = {
  TURBO_TELEMETRY_DISABLED: '1',
  NEXT_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
  // Vitest: dot reporter, and no console output of passing tests (see vitest.shared.ts).
  PORTOBSERVE_QUIET_TESTS: '1',
};

/**
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env?: NodeJS.ProcessEnv }} options
 * @returns {Promise<{ ok: boolean, output: string }>}
 */
export function runQuietly(command, args, { cwd, env = process.env }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...env, ...QUIET_ENV },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    /** @type {Buffer[]} */
    const chunks = [];
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.stderr.on('data', (chunk) => chunks.push(chunk));
    child.on('error', (error) => resolve({ ok: false, output: `${command}: ${error.message}\n` }));
    child.on('close', (code) => resolve({ ok: code === 0, output: Buffer.concat(chunks).toString('utf8') }));
  });
}
