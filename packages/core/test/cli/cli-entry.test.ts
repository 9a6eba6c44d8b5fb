import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OpenObserveDouble, startOpenObserve } from '@portobserve/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { doubleEnv, runBin, seedStream, writes } from './support/cli-fixtures.js';

let openobserve: OpenObserveDouble;

beforeAll(async () => {
  openobserve = await startOpenObserve();
});
beforeEach(() => openobserve.reset());
afterAll(() => openobserve.close());

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('npx portobserve (the built bin, in a child process)', () => {
  it('with no command, prints its help on stderr and exits 2; `help` prints it on stdout and exits 0', async () => {
    const bare = await runBin([], {});
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toMatch(/^portobserve: no command given: use npx portobserve openobserve install/);
    const help = await runBin(['help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('npx portobserve openobserve <install|uninstall>');
    expect(bare.stderr.endsWith(help.stdout), 'the same help, after the one-line reason').toBe(true);
  });

  it('prints its help: commands, settings, flags with their defaults', async () => {
    const { code, stdout } = await runBin(['--help'], {});
    expect(code).toBe(0);
    // Every option's description starts in the same column.
    const optionColumns = stdout
      .split('\n')
      .filter((line) => /^ {2}-/.test(line))
      .map((line) => /^( {2}-.*?\S)( {2,})\S/.exec(line)?.[0].length);
    expect(new Set(optionColumns).size, optionColumns.join()).toBe(1);
    for (const text of [
      'npx portobserve openobserve <install|uninstall>',
      'OPENOBSERVE_AUTH_TOKEN',
      'OPENOBSERVE_TRACES_STREAM_NAME',
      '--alert-destination <name|url>',
      'PORTOBSERVE_ALERT_DESTINATION',
      '--error-rate-percent <n>',
      '(default 5, PORTOBSERVE_ALERT_ERROR_RATE_PERCENT)',
      '--p95-latency-ms <n>',
      '--dry-run',
    ]) {
      expect(stdout).toContain(text);
    }
  });

  it('installs, re-installs without a change, and uninstalls', async () => {
    await seedStream(openobserve);
    const env = doubleEnv(openobserve, { PORTOBSERVE_ALERT_DESTINATION: 'https://hooks.example.com/llm' });
    const first = await runBin(['openobserve', 'install'], env);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain(
      `installing into OpenObserve ${openobserve.url}, organization "default", traces stream "default"`,
    );
    expect(first.stdout).toContain('  created    dashboard "LLM calls: overview"');
    expect(first.stdout).toContain('  created    alert "portobserve_llm_fallback_rate"');
    // Every line is counted, the stream columns too.
    expect(first.stdout).toMatch(/done: 11 created, 0 updated, 0 deleted, 0 unchanged, 1 added\n$/);
    expect(first.stdout.trim().split('\n')).toHaveLength(1 + 12 + 1);
    // The webhook's path is its secret (a Slack token): only its host is printed.
    expect(first.stdout).toContain(
      'created    alert destination "portobserve_llm_alerts": https://hooks.example.com/…',
    );
    expect(first.stdout).not.toContain('hooks.example.com/llm');
    expect(openobserve.management.store.alerts).toHaveLength(4);

    const writesBefore = writes(openobserve).length;
    const second = await runBin(['openobserve', 'install'], env);
    expect(second.stdout).toMatch(/done: 0 created, 0 updated, 0 deleted, 12 unchanged\n$/);
    expect(writes(openobserve)).toHaveLength(writesBefore);

    const third = await runBin(['openobserve', 'install', '--cost-per-hour-usd', '25'], env);
    expect(third.stdout).toContain('  updated    alert "portobserve_llm_cost_per_hour"');
    expect(third.stdout).toMatch(/done: 0 created, 1 updated, 0 deleted, 11 unchanged\n$/);

    const removed = await runBin(['openobserve', 'uninstall'], env);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toMatch(/done: 0 created, 0 updated, 11 deleted, 0 unchanged\n$/);
    expect(openobserve.management.store.dashboards).toEqual([]);
  });

  it('skips alerts in one line naming the flag when no destination is given', async () => {
    await seedStream(openobserve);
    const { code, stdout } = await runBin(['openobserve', 'install'], doubleEnv(openobserve));
    expect(code).toBe(0);
    expect(stdout.split('\n').filter((line) => line.includes('alerts'))).toEqual([
      '  skipped    alerts: no alert destination: pass --alert-destination <name|https URL> (or set PORTOBSERVE_ALERT_DESTINATION) to install them',
    ]);
  });

  it('with --dry-run, prints what would change and changes nothing', async () => {
    const { code, stdout } = await runBin(['openobserve', 'install', '--dry-run'], doubleEnv(openobserve));
    expect(code).toBe(0);
    expect(stdout).toContain('(dry run)');
    expect(stdout).toContain('  would create dashboard "LLM calls: errors"');
    expect(stdout).toMatch(
      /dry run, nothing was changed: 5 to create, 0 to update, 0 to delete, 0 unchanged, 2 skipped\n$/,
    );
    expect(writes(openobserve)).toEqual([]);
  });

  it('reads the settings from --dotenv, the environment winning', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'portobserve-cli-'));
    const file = join(directory, '.env');
    writeFileSync(
      file,
      `OPENOBSERVE_URL=${openobserve.url}\nOPENOBSERVE_AUTH_TOKEN="${openobserve.authToken}"\nOPENOBSERVE_TRACES_STREAM_NAME=from_file\n`,
    );
    const { code, stdout } = await runBin(['openobserve', 'install', '--dotenv', file], {
      OPENOBSERVE_TRACES_STREAM_NAME: 'from_env',
    });
    expect(code).toBe(0);
    expect(stdout).toContain('traces stream "from_env"');
    const missing = await runBin(['openobserve', 'install', '--dotenv', join(directory, 'nope.env')], {});
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--dotenv');
    expect(missing.stderr).toContain('ENOENT');
  });

  describe('errors name the setting and the fix', () => {
    const cases: [string, () => Promise<{ code: number; stdout: string; stderr: string }>, number, RegExp][] =
      [
        [
          'no token',
          () => runBin(['openobserve', 'install'], { OPENOBSERVE_URL: openobserve.url }),
          1,
          /OPENOBSERVE_AUTH_TOKEN is not set: set it to "Basic <base64 of email:password>"/,
        ],
        [
          'a URL that is not one',
          () =>
            runBin(['openobserve', 'install'], doubleEnv(openobserve, { OPENOBSERVE_URL: 'localhost:5080' })),
          1,
          // The CLI has no `url` option: the message names only the variable.
          /OPENOBSERVE_URL "localhost:5080" is not an http\(s\) URL: set OPENOBSERVE_URL to something like http:\/\/localhost:5080\./,
        ],
        [
          'a wrong password (401)',
          () =>
            runBin(
              ['openobserve', 'install'],
              doubleEnv(openobserve, { OPENOBSERVE_AUTH_TOKEN: 'root@example.com:wrong' }),
            ),
          1,
          /OpenObserve refused the credentials \(401 Unauthorized Access on GET \/api\/v2\/default\/folders\/dashboards\): set OPENOBSERVE_AUTH_TOKEN/,
        ],
        [
          'a URL with a wrong path (404)',
          () =>
            runBin(
              ['openobserve', 'install'],
              doubleEnv(openobserve, { OPENOBSERVE_URL: `${openobserve.url}/web` }),
            ),
          1,
          /OpenObserve answered 404 to GET .*\/web\/api\/v2\/default\/folders\/dashboards: set OPENOBSERVE_URL to the base URL of OpenObserve/,
        ],
        [
          'nothing listening',
          async () =>
            runBin(
              ['openobserve', 'uninstall'],
              doubleEnv(openobserve, { OPENOBSERVE_URL: `http://127.0.0.1:${await closedPort()}` }),
            ),
          1,
          /cannot reach OpenObserve at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\): check OPENOBSERVE_URL/,
        ],
        [
          'a bad threshold',
          () => runBin(['openobserve', 'install', '--error-rate-percent', 'high'], doubleEnv(openobserve)),
          1,
          /--error-rate-percent="high" is not a number above 0 and at most 100: pass --error-rate-percent <n> or set PORTOBSERVE_ALERT_ERROR_RATE_PERCENT/,
        ],
        [
          'a negative threshold (which parseArgs would take for an option)',
          () => runBin(['openobserve', 'install', '--p95-latency-ms', '-5'], doubleEnv(openobserve)),
          1,
          /--p95-latency-ms="-5" is not a number above 0: pass --p95-latency-ms <n> or set PORTOBSERVE_ALERT_P95_LATENCY_MS/,
        ],
        [
          'an http webhook',
          () =>
            runBin(
              ['openobserve', 'install', '--alert-destination', 'http://hooks.example.com/x'],
              doubleEnv(openobserve),
            ),
          1,
          /--alert-destination="http:\/\/hooks\.example\.com\/…" is not an https URL/,
        ],
        [
          'an unknown option',
          () => runBin(['openobserve', 'install', '--yes'], {}),
          2,
          /unknown option --yes.*run npx portobserve --help/,
        ],
      ];
    it.each(cases)('%s', async (_name, run, exitCode, message) => {
      const { code, stdout, stderr } = await run();
      expect(code).toBe(exitCode);
      expect(stderr).toMatch(/^portobserve: /);
      expect(stderr).toMatch(message);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stdout).not.toContain('created');
    });
  });
});
