#!/usr/bin/env node
// `pnpm verify`: every check the repo has. On Node 20 (the Node running this): Biome, then turbo's
// build, typecheck (packages and README examples) and lint (publint + attw), then every vitest suite;
// then the vitest suites again on Node 22 and 24 (from packages/node-runtimes). Prints only failures
// and one count per Node version. `--node=20` (or `--node=20,24`) limits the rounds.
// It changes nothing outside the repository: nothing is installed here (see browserTestNotice()).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runQuietly } from './lib/run-quietly.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const workspaces = ['packages', 'apps'].flatMap((folder) =>
  existsSync(join(root, folder))
    ? readdirSync(join(root, folder)).map((name) => join(root, folder, name))
    : [],
);
const EXTRA_NODE_MAJORS = ['22', '24'];
const majors = requestedMajors(process.argv.slice(2));
const started = Date.now();

browserTestNotice();

await step('biome', ['exec', 'biome', 'check', '.']);
if (majors.includes('20')) {
  await step('build, typecheck, lint', [
    'exec',
    'turbo',
    'run',
    'build',
    'typecheck',
    'lint',
    '--concurrency=2',
    '--output-logs=errors-only',
  ]);
  await testRound('20', process.env);
}
for (const major of majors.filter((major) => major !== '20')) {
  await testRound(major, {
    ...process.env,
    PATH: `${nodeBinDirectory(major)}${delimiter}${process.env.PATH}`,
  });
}
console.log(`verify: done in ${formatDuration(Date.now() - started)}`);

/**
 * One round of every vitest suite on the Node that is first on `env.PATH`; prints its count.
 * packages/node-runtimes' test checks that the suites really ran on `major`.
 */
async function testRound(major, baseEnv) {
  const env = {
    ...baseEnv,
    PORTOBSERVE_EXPECTED_NODE_MAJOR: major,
    // vitest.shared.ts leaves the `*.once.test.ts` suites (load, faults, tarballs) to the Node 20 round.
    ...(major === '20' ? {} : { PORTOBSERVE_EXTRA_NODE_ROUND: '1' }),
  };
  const version = spawnSync('node', ['--version'], { env, encoding: 'utf8' }).stdout.trim();
  for (const workspace of workspaces)
    rmSync(join(workspace, 'test-results'), { recursive: true, force: true });
  const roundStarted = Date.now();
  // One test task at a time: most suites start real servers and child processes on 2 cores.
  const run = await runQuietly(
    'pnpm',
    ['exec', 'turbo', 'run', 'test', '--concurrency=1', '--output-logs=errors-only'],
    { cwd: root, env },
  );
  const counts = countResults();
  const summary = `Node ${version}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped (${formatDuration(Date.now() - roundStarted)})`;
  if (!run.ok || counts.failed > 0) fail(`${run.output}\n${summary}`);
  if (counts.passed === 0) fail(`${summary}\nno test ran`);
  if (process.env.CI && counts.skipped > 0) fail(`${summary}\nCI runs every test: ${counts.skipped} skipped`);
  console.log(summary);
}

/** Runs one `pnpm ...` step quietly; on failure prints its output and stops. */
async function step(name, args) {
  const run = await runQuietly('pnpm', args, { cwd: root });
  if (!run.ok) fail(`${run.output}\nverify: ${name} failed`);
}

function countResults() {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const workspace of workspaces) {
    const file = join(workspace, 'test-results', 'vitest.json');
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, 'utf8'));
    counts.passed += report.numPassedTests ?? 0;
    counts.failed += report.numFailedTests ?? 0;
    counts.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  }
  return counts;
}

/**
 * The Next.js demo's browser test drives a local Chromium. Without one (and outside CI, whose
 * `.ci/run` installs it) the test is skipped; say so once, with how to enable it.
 */
function browserTestNotice() {
  const browser = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(browser) || process.env.CI) return;
  console.log(
    `verify: no Chromium at ${browser}, so the browser test is skipped; to run it: apt-get install chromium, or set CHROMIUM_PATH`,
  );
}

function nodeBinDirectory(major) {
  const runtimes = createRequire(join(root, 'packages/node-runtimes/package.json'));
  const node = join(dirname(runtimes.resolve(`node${major}/package.json`)), 'bin', 'node');
  if (!existsSync(node)) fail(`verify: no Node ${major} binary at ${node}; run pnpm install`);
  return dirname(node);
}

function requestedMajors(args) {
  const option = args.find((arg) => arg.startsWith('--node='));
  if (!option) return ['20', ...EXTRA_NODE_MAJORS];
  const requested = option.slice('--node='.length).split(',');
  const unknown = requested.filter((major) => major !== '20' && !EXTRA_NODE_MAJORS.includes(major));
  if (unknown.length > 0)
    fail(`verify: --node=${unknown.join(',')}: only 20, ${EXTRA_NODE_MAJORS.join(', ')}`);
  return requested;
}

function formatDuration(ms) {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

function fail(message) {
  console.error(message);
  process.exit(1);
}
