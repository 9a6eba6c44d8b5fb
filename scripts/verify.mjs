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
