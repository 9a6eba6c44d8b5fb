#!/usr/bin/env node
// Runs every check the repo has (format + lint, build, typecheck, package lint, tests), then prints
// one summary line of all vitest results, so CI logs end with "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const workspaces = ['packages', 'apps'].flatMap((folder) =>
  existsSync(join(root, folder))
    ? readdirSync(join(root, folder)).map((name) => join(root, folder, name))
    : [],
);
for (const workspace of workspaces) rmSync(join(workspace, 'test-results'), { recursive: true, force: true });

ensureChromium();

const steps = [
  ['biome', ['check', '.']],
  ['turbo', ['run', 'build', 'typecheck', 'lint', 'test', '--concurrency=1', '--output-logs=new-only']],
];
let failed = false;
for (const [command, args] of steps) {
  const result = spawnSync('pnpm', ['exec', command, ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    failed = true;
    break;
  }
}

let passed = 0;
let failedTests = 0;
let skipped = 0;
for (const workspace of workspaces) {
  const file = join(workspace, 'test-results', 'vitest.json');
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failedTests += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
console.log(`\nvitest: ${passed} passed, ${failedTests} failed, ${skipped} skipped`);
if (passed === 0) {
  console.error('no test ran');
  failed = true;
}
process.exit(failed || failedTests > 0 ? 1 : 0);

/**
 * The Next.js demo's browser test drives Debian's Chromium through playwright-core (browsers cannot be
 * downloaded here). On a fresh Debian machine, as root, install it; elsewhere say what is missing.
 */
function ensureChromium() {
  const browser = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(browser)) return;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('installing Debian chromium for the browser test (apt-get install chromium)');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const install = spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
    if (update.status === 0 && install.status === 0 && existsSync('/usr/bin/chromium')) return;
  }
  console.error(
    `Chromium not found at ${browser}: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.`,
  );
  process.exit(1);
}
