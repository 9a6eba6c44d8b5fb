import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LocalStack, startLocalStack } from '@portobserve/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideDemoSetup } from '../src/demo-setup.js';
import { parsePrintedStory } from './printed-story.js';
import { cleanEnv, runCommand, runDemo } from './run-demo.js';

const example = fileURLToPath(new URL('../.env.example', import.meta.url));
const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));
const folders: string[] = [];

/** A fresh folder holding `.env` (the example, then these lines appended: later lines win). */
function folderWithEnv(lines: string[] = []): string {
  const folder = mkdtempSync(join(tmpdir(), 'script-demo-env-'));
  folders.push(folder);
  copyFileSync(example, join(folder, '.env'));
  writeFileSync(join(folder, '.env'), `\n${lines.join('\n')}\n`, { flag: 'a' });
  return folder;
}

afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe('decideDemoSetup', () => {
  const envFile = 'apps/script-demo/.env';

  it('runs locally with no .env, and with a .env whose keys are all still empty', () => {
    expect(decideDemoSetup({ envFile: undefined, env: { PORTKEY_API_KEY: 'pk' } })).toEqual({
      kind: 'local',
    });
    const untouched = decideDemoSetup({ envFile, env: { PORTKEY_BASE_URL: 'https://api.portkey.ai/v1' } });
    expect(untouched.kind).toBe('local');
    expect(untouched).toHaveProperty(
      'notice',
      expect.stringContaining('PORTKEY_API_KEY, PORTKEY_VIRTUAL_KEY, OPENAI_API_KEY are empty'),
    );
  });

  it('names each missing key of a half-filled .env, with what to put in it', () => {
    const problems = (env: NodeJS.ProcessEnv) => {
      const setup = decideDemoSetup({ envFile, env: { OPENOBSERVE_AUTH_TOKEN: 'Basic x', ...env } });
      return setup.kind === 'stop' ? setup.problems : [];
    };
    expect(problems({ PORTKEY_API_KEY: 'pk' })).toEqual([
      expect.stringMatching(
        /^apps\/script-demo\/\.env: OPENAI_API_KEY and PORTKEY_VIRTUAL_KEY are both empty/,
      ),
    ]);
    expect(problems({ OPENAI_API_KEY: 'sk' })).toEqual([
      expect.stringMatching(/^apps\/script-demo\/\.env: PORTKEY_API_KEY is empty: the hosted gateway/),
    ]);
    expect(problems({ OPENAI_API_KEY: 'sk', PORTKEY_BASE_URL: 'localhost:8787' })).toEqual([
      expect.stringContaining('PORTKEY_BASE_URL "localhost:8787" is not an http(s) URL'),
    ]);
    expect(
      problems({ PORTKEY_VIRTUAL_KEY: 'vk', PORTKEY_BASE_URL: 'http://localhost:8787/v1' }).join('\n'),
    ).toContain('virtual keys exist only on the hosted gateway');
    expect(
      decideDemoSetup({ envFile, env: { PORTKEY_API_KEY: 'pk', PORTKEY_VIRTUAL_KEY: 'vk' } }),
    ).toMatchObject({ kind: 'stop', problems: [expect.stringContaining('OPENOBSERVE_AUTH_TOKEN is empty')] });
  });

  it('accepts the hosted gateway with its key and a route, or a gateway of your own', () => {
    const openobserve = { OPENOBSERVE_AUTH_TOKEN: 'Basic x' };
    expect(
      decideDemoSetup({ envFile, env: { ...openobserve, PORTKEY_API_KEY: 'pk', PORTKEY_VIRTUAL_KEY: 'vk' } }),
    ).toEqual({ kind: 'own', gateway: 'hosted' });
    expect(
      decideDemoSetup({
        envFile,
        env: { ...openobserve, PORTKEY_BASE_URL: 'http://localhost:8787/v1', OPENAI_API_KEY: 'sk' },
      }),
    ).toEqual({ kind: 'own', gateway: 'self-hosted' });
  });
});

describe('pnpm demo with a .env', () => {
  it('copied from the example with the keys still empty: says which, and runs on the local stand-ins', async () => {
    const run = await runDemo({ cwd: folderWithEnv(), env: cleanEnv() });
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
    expect(run.stdout).toContain(
      '.env has no key filled in yet (PORTKEY_API_KEY, PORTKEY_VIRTUAL_KEY, OPENAI_API_KEY are empty)',
    );
    expect(run.stdout).toMatch(/^6 calls, 6 spans exported to http:\/\/127\.0\.0\.1:\d+\//m);
    expect(run.storedRows).toHaveLength(6);
    expect(run.stderr).toBe('');
  });

  it('half filled: names the missing keys and stops before sending anything', async () => {
    const run = await runDemo({ cwd: folderWithEnv(['PORTKEY_API_KEY=pk-half-filled']), env: cleanEnv() });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('.env: OPENAI_API_KEY and PORTKEY_VIRTUAL_KEY are both empty');
    expect(run.stderr).toContain('Nothing was sent.');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stdout.trim().split('\n'), 'nothing started').toEqual([
      'portobserve demo: 6 LLM calls through the Portkey gateway, each one span in OpenObserve',
    ]);
    expect(run.stderr).not.toContain('pk-half-filled');
  });

  describe('pointing at a gateway and an OpenObserve of your own', () => {
    let stack: LocalStack;
    beforeAll(async () => {
      stack = await startLocalStack({ serviceName: 'unused', announce: false });
    });
    afterAll(async () => {
      await stack?.stop();
    });

    function ownSettings(overrides: Record<string, string> = {}): string[] {
      const settings: Record<string, string> = {
        OPENOBSERVE_URL: stack.openobserve.url,
        OPENOBSERVE_AUTH_TOKEN: stack.openobserve.authToken,
        OTEL_SERVICE_NAME: 'script-demo-own',
        PORTKEY_BASE_URL: stack.gateway.baseURL,
        PORTKEY_PROVIDER: 'openai',
        PORTKEY_CUSTOM_HOST: stack.upstream.baseURL,
        OPENAI_API_KEY: 'sk-own-provider-key',
        ...overrides,
      };
      return Object.entries(settings).map(([name, value]) => `${name}=${value}`);
    }

    it('makes every call a real provider allows, and says where each one is in OpenObserve', async () => {
      stack.upstream.enqueue(
        {},
        {},
        { toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }] }, // plays a real model here
      );
      const run = await runDemo({ cwd: folderWithEnv(ownSettings()), env: cleanEnv() });
      expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain(`your .env: the self-hosted Portkey gateway at ${stack.gateway.baseURL},`);
      const calls = parsePrintedStory(run.stdout);
      expect(calls.map((call) => call.skipped)).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
        expect.stringContaining('only on the local stand-ins'),
        undefined,
      ]);
      expect(run.stdout, 'rows are printed only from the local stand-in').not.toContain(
        'the row OpenObserve stored',
      );
      const rows = await stack.openobserve.waitForRows((found) => found.length >= 5);
      expect(rows).toHaveLength(5);
      for (const call of calls.filter((printed) => !printed.skipped)) {
        const row = rows.find((found) => found.trace_id === call.traceId);
        expect(row, call.title).toMatchObject({ service_name: 'script-demo-own', span_status: 'OK' });
        expect(
          call.ui?.startsWith(`${stack.openobserve.url}/web/traces/trace-details?stream=default&trace_id=`),
        ).toBe(true);
      }
      expect(rows.at(-1)).toMatchObject({ portkey_last_used_option_index: 'config.targets[1]' });
      expect(run.stdout).toMatch(/^5 calls, 5 spans exported to /m);
      expect(`${run.stdout}${run.stderr}`).not.toContain('sk-own-provider-key');

      // The command it suggests for dashboards runs from the repository root, on the same .env.
      const install =
        /^next: dashboards and alerts over these columns: (pnpm .*)$/m.exec(run.stdout)?.[1] ?? '';
      expect(install).toBe(
        'pnpm --filter @example/script-demo exec portobserve openobserve install --dotenv .env',
      );
      const args = install.split(' ').slice(1, -1); // the .env is in the test's folder, not the app's
      const dryRun = await runCommand('pnpm', [...args, join(run.cwd, '.env'), '--dry-run'], repositoryRoot);
      expect(dryRun.status, dryRun.output).toBe(0);
      expect(dryRun.output).toContain(
        `installing into OpenObserve ${stack.openobserve.url}, organization "default"`,
      );
      expect(dryRun.output).toMatch(/^dry run, nothing was changed: /m);
    });

    it('with the gateway down: names PORTKEY_BASE_URL and stops, with no stack trace', async () => {
      const deadGateway = 'http://127.0.0.1:9/v1';
      const run = await runDemo({
        cwd: folderWithEnv(ownSettings({ PORTKEY_BASE_URL: deadGateway })),
        env: cleanEnv(),
      });
      expect(run.status).toBe(1);
      const [first] = parsePrintedStory(run.stdout);
      expect(first?.failed).toMatch(
        new RegExp(
          `^could not reach the Portkey gateway at ${deadGateway} \\(PORTKEY_BASE_URL\\).*Check the URL`,
        ),
      );
      expect(run.stderr).toContain('The demo stops here');
      expect(`${run.stdout}${run.stderr}`).not.toMatch(/^\s+at /m);
      expect(parsePrintedStory(run.stdout)).toHaveLength(1);
    });
  });
});
