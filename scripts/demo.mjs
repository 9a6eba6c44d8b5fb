#!/usr/bin/env node
// `pnpm demo`: builds the script demo and what it needs (quietly: build logs only if the build fails),
// then runs it, so the demo's own lines are all you see.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { QUIET_ENV, runQuietly } from './lib/run-quietly.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
console.log(
  'pnpm demo: building the packages it needs (a minute on a fresh clone, seconds after; quiet unless it fails)',
);
const build = await runQuietly(
  'pnpm',
  ['exec', 'turbo', 'run', 'build', '--filter=@example/script-demo...', '--output-logs=errors-only'],
  { cwd: root },
);
if (!build.ok) {
  process.stderr.write(build.output);
  console.error('pnpm demo: the build failed (output above)');
  process.exit(1);
}
const demo = spawnSync(process.execPath, ['dist/main.js'], {
  cwd: fileURLToPath(new URL('../apps/script-demo/', import.meta.url)),
  env: { ...process.env, ...QUIET_ENV },
  stdio: 'inherit',
});
process.exit(demo.status ?? 1);
