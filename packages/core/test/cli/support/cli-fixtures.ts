import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { OpenObserveDouble } from '@portobserve/testkit';
import { resolveAlertThresholds } from '../../../src/cli/alert-thresholds.js';
import type { CliContext } from '../../../src/cli/cli-context.js';
import { resolveConnectionSettings } from '../../../src/cli/connection-settings.js';
import { OpenObserveApi } from '../../../src/cli/openobserve-api.js';
import { openobservePaths } from '../../../src/cli/openobserve-paths.js';

/** The built CLI, as `npx portobserve` runs it. */
export const BIN = fileURLToPath(new URL('../../../dist/cli/bin.js', import.meta.url));

/** The environment that points the CLI at the double. */
export function doubleEnv(
  openobserve: OpenObserveDouble,
  extra: Record<string, string> = {},
): Record<string, string> {
  return { OPENOBSERVE_URL: openobserve.url, OPENOBSERVE_AUTH_TOKEN: openobserve.authToken, ...extra };
}

/** An install/uninstall context on the double, as the CLI builds it. */
export function cliContext(env: Record<string, string>, dryRun = false): CliContext {
  const connection = resolveConnectionSettings(env);
  return { api: new OpenObserveApi(connection), paths: openobservePaths(connection.org), connection, dryRun };
}

/** Default thresholds, or the given flags. */
export function thresholds(flags: Record<string, string> = {}) {
  return resolveAlertThresholds(flags, {});
}

/** Runs the built CLI in a child process (asynchronously, so the double in this process can answer). */
export function runBin(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Posts one LLM span so the stream exists (OpenObserve creates alerts only on a stream with data). */
export async function seedStream(openobserve: OpenObserveDouble, stream = 'default'): Promise<void> {
  const start = BigInt(Date.now() - 1000) * 1_000_000n;
  const response = await fetch(`${openobserve.url}/api/default/v1/traces`, {
    method: 'POST',
    headers: {
      authorization: openobserve.authToken,
      'content-type': 'application/json',
      'stream-name': stream,
    },
    body: JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'seed' } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: '5b8efff798038103d269b633813fc60c',
                  spanId: 'eee19b7ec3c1b174',
                  name: 'ChatCompletion',
                  kind: 3,
                  startTimeUnixNano: start.toString(),
                  endTimeUnixNano: (start + 5_000_000n).toString(),
                  attributes: [{ key: 'gen_ai.operation.name', value: { stringValue: 'chat' } }],
                  status: { code: 1 },
                },
              ],
            },
          ],
        },
      ],
    }),
  });
  if (response.status !== 200)
    throw new Error(`seeding the stream failed: ${response.status} ${await response.text()}`);
}

/** Requests that changed something (anything but GET), as the double recorded them. */
export function writes(openobserve: OpenObserveDouble): string[] {
  return openobserve.requests
    .filter((request) => request.method !== 'GET' && !request.path.includes('/v1/traces'))
    .map((request) => `${request.method} ${request.path}`);
}
