import { spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LocalStack, startLocalStack } from '@portobserve/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// What a user gets from npm: the four published packages packed (`pnpm pack`, which turns
// `workspace:^` into a version range), installed with npm and with pnpm into fresh apps outside the
// workspace, next to the app's own @opentelemetry/api (1.9 and 1.10), then run against the local stack.

const PUBLISHED = ['core', 'portkey', 'express', 'next'];
const root = fileURLToPath(new URL('../../..', import.meta.url));
/** What the fresh apps install besides our packages: each one's current Node 20 release. */
const APP_DEPENDENCIES = {
  openai: '6.49.0', // openai 7 declares engines node >=22 (npm warns EBADENGINE on Node 20)
  express: '5.3.0',
  next: '16.4.6',
  react: '19.3.1',
  'react-dom': '19.3.1',
};

let folder: string;
let tarballs: Record<string, string>;
let stack: LocalStack;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'portobserve-tarballs-'));
  tarballs = {};
  for (const name of PUBLISHED) {
    const packed = await run('pnpm', ['pack', '--pack-destination', folder], join(root, 'packages', name));
    expect(packed.code, packed.output).toBe(0);
    tarballs[`@portobserve/${name}`] = join(folder, `portobserve-${name}-0.1.0.tgz`);
  }
  stack = await startLocalStack({ serviceName: 'tarball-app' });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true }); // four apps' node_modules: slow on a busy machine
}, 180_000);

describe.each([
  { manager: 'npm', api: '1.9.1' },
  { manager: 'pnpm', api: '1.9.1' },
  { manager: 'npm', api: '1.10.0' },
  { manager: 'pnpm', api: '1.10.0' },
] as const)('$manager, @opentelemetry/api $api', ({ manager, api }) => {
  let app: string;
  let install: RunResult;

  beforeAll(async () => {
    app = join(folder, `${manager}-api-${api}`);
    mkdirSync(app);
    writeApp(app, manager, api);
    install =
      manager === 'npm'
        ? // Optional dependencies (Next.js's 100 MB compiler binaries) are not needed to import it.
          await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--omit=optional'], app)
        : await run('pnpm', ['install', '--prefer-offline'], app);
  }, 300_000);

  if (api === '1.9.1') {
    it('installs with no peer dependency warning', async () => {
      expect(install.code, install.output).toBe(0);
      expect(install.output).not.toMatch(/ERESOLVE|peer dep|unmet peer|Issues with peer/i);
      expect(await peerProblems(manager, app)).toEqual([]);
    });
  } else {
    // No release of the OpenTelemetry SDK that runs on Node 20 (2.x, 0.2xx) allows api 1.10: they all
    // declare <1.10.0; the 3.x line that does needs Node 22.15. Until then this is all that is wrong.
    it("installs; the only peer complaints are the OpenTelemetry 2.x SDK's own api <1.10.0 bound", async () => {
      expect(install.code, install.output).toBe(0);
      const problems = await peerProblems(manager, app);
      expect(problems.length).toBeGreaterThan(0);
      for (const problem of problems) {
        expect(problem).toMatch(
          /^@opentelemetry\/api@1\.10\.0 (wanted <1\.10\.0 by @opentelemetry\/|invalid)/,
        );
      }
    });
  }

  it("resolves one @opentelemetry/api, the app's", () => {
    expect(installedApiVersions(app)).toEqual([api]);
  });

  it('serves an Express request (ES module app) whose LLM call is traced inside its server span', async () => {
    const traced = await run(
      process.execPath,
      ['express-chat.mjs'],
      app,
      appEnv(`express-${manager}-${api}`),
    );
    expect(traced.code, traced.output).toBe(0);
    const result = JSON.parse(traced.stdout.trim().split('\n').at(-1) ?? '{}');
    expect(result).toMatchObject({
      status: 200,
      body: { answer: 'Hello from the fake upstream.' },
      next: ['function', 'function'],
      exportedSpans: 2,
    });
    const rows = stack.openobserve.rows().filter((row) => row.service_name === `express-${manager}-${api}`);
    const server = rows.find((row) => row.operation_name === 'POST /chat');
    const llm = rows.find((row) => row.operation_name === 'ChatCompletion');
    expect(server).toMatchObject({ span_kind: '2', http_route: '/chat' });
    expect(llm).toMatchObject({
      trace_id: server?.trace_id,
      reference_parent_span_id: server?.span_id,
      portkey_provider: 'openai',
      span_status: 'OK',
    });
  });

  // The bin is linked by the package manager, whatever the api version: one app per manager is enough.
  if (api === '1.9.1') {
    it('runs `npx portobserve` as the core README says: --help, --version, and install --dry-run', async () => {
      // `npx --no --`: the app's own bin or nothing (never a download), and every flag goes to portobserve.
      const npx = (args: string[], env = cleanEnv()) =>
        run('npx', ['--no', '--', 'portobserve', ...args], app, env);
      const help = await npx(['--help']);
      expect(help.code, help.output).toBe(0);
      expect(help.stdout).toMatch(/^Usage: npx portobserve openobserve <install\|uninstall> \[options\]$/m);
      expect((await npx(['--version'])).stdout.trim()).toBe('0.1.0');
      const before = JSON.stringify(stack.openobserve.management.store);
      const dryRun = await npx(['openobserve', 'install', '--dry-run'], appEnv(`cli-${manager}-${api}`));
      expect(dryRun.code, dryRun.output).toBe(0);
      expect(dryRun.stdout).toContain(
        `installing into OpenObserve ${stack.openobserve.url}, organization "default", traces stream "default" (dry run)`,
      );
      expect(dryRun.stdout).toMatch(/^ {2}would create dashboard "LLM calls: overview"$/m);
      expect(dryRun.stdout).toMatch(/^dry run, nothing was changed: /m);
      expect(JSON.stringify(stack.openobserve.management.store), 'a dry run changes nothing').toBe(before);
    });
  }

  it('runs a CommonJS script with a plain openai client, traced by instrumentOpenAI()', async () => {
    const traced = await run(process.execPath, ['openai-script.cjs'], app, appEnv(`cjs-${manager}-${api}`));
    expect(traced.code, traced.output).toBe(0);
    expect(traced.stdout).toBe('Hello from the fake upstream.\n');
    const rows = stack.openobserve.rows().filter((row) => row.service_name === `cjs-${manager}-${api}`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      operation_name: 'ChatCompletion',
      llm_system: 'openai',
      span_status: 'OK',
    });
  });
});

function writeApp(app: string, manager: 'npm' | 'pnpm', api: string): void {
  const manifest = {
    name: `fresh-${manager}-app`,
    private: true,
    type: 'module',
    dependencies: {
      ...Object.fromEntries(Object.entries(tarballs).map(([name, file]) => [name, `file:${file}`])),
      '@opentelemetry/api': api,
      ...APP_DEPENDENCIES,
    },
    // The adapters depend on @portobserve/core ^0.1.0: take it from its tarball too, not the registry.
    ...(manager === 'npm' ? { overrides: { '@portobserve/core': '$@portobserve/core' } } : {}),
  };
  writeFileSync(join(app, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  if (manager === 'pnpm') {
    writeFileSync(
      join(app, 'pnpm-workspace.yaml'),
      `overrides:\n  "@portobserve/core": "file:${tarballs['@portobserve/core']}"\n`,
    );
  }
  for (const script of ['express-chat.mjs', 'openai-script.cjs']) {
    copyFileSync(fileURLToPath(new URL(`./app/${script}`, import.meta.url)), join(app, script));
  }
}

/** Peer dependency problems as the package manager itself reports them, one line each. */
async function peerProblems(manager: 'npm' | 'pnpm', app: string): Promise<string[]> {
  if (manager === 'npm') {
    const listed = await run('npm', ['ls', '--all', '--json'], app);
    const problems = (JSON.parse(listed.stdout || '{}').problems ?? []) as string[];
    return problems.map((problem) => problem.replace(/^invalid: (\S+) .*$/, '$1 invalid'));
  }
  const checked = await run('pnpm', ['peers', 'check', '--json'], app);
  const report = JSON.parse(checked.stdout || '{}') as Record<
    string,
    {
      bad?: Record<string, { parents: { name: string }[]; wantedRange: string; foundVersion: string }[]>;
      missing?: Record<string, unknown[]>;
    }
  >;
  return Object.values(report).flatMap((project) => [
    ...Object.entries(project.bad ?? {}).flatMap(([peer, issues]) =>
      issues.map(
        (issue) =>
          `${peer}@${issue.foundVersion} wanted ${issue.wantedRange.replace(/^.*\s/, '')} by ${issue.parents.at(-1)?.name}`,
      ),
    ),
    ...Object.keys(project.missing ?? {}).map((peer) => `${peer} missing`),
  ]);
}

/** Every version of @opentelemetry/api installed in the app (npm's nesting or pnpm's virtual store). */
function installedApiVersions(app: string): string[] {
  const modules = join(app, 'node_modules');
  const virtualStore = join(modules, '.pnpm');
  if (existsSync(virtualStore)) {
    return readdirSync(virtualStore)
      .map((stored) => /^@opentelemetry\+api@([^_(]+)/.exec(stored)?.[1])
      .filter((version): version is string => version !== undefined);
  }
  return readdirSync(modules, { recursive: true, encoding: 'utf8' })
    .filter((path) => /(^|\/node_modules\/)@opentelemetry\/api\/package\.json$/.test(path))
    .map((path) => JSON.parse(readFileSync(join(modules, path), 'utf8')).version as string);
}

/** The app's environment: the local stack, and nothing from pnpm/npm scripts or the developer's setup. */
function appEnv(serviceName: string): NodeJS.ProcessEnv {
  return { ...cleanEnv(), ...stack.env, OTEL_SERVICE_NAME: serviceName };
}

function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(npm_|pnpm_|OPENOBSERVE_|PORTKEY_|OPENAI_|OTEL_)/i.test(name) && name !== 'NODE_OPTIONS',
    ),
  );
}

interface RunResult {
  code: number | null;
  stdout: string;
  output: string;
}

function run(command: string, args: string[], cwd: string, env = cleanEnv()): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let output = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, output }));
  });
}
