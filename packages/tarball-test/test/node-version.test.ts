import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// `pnpm verify` runs every suite again with Node 22 and then 24 first on PATH, and says which major it
// expects in PORTOBSERVE_EXPECTED_NODE_MAJOR. This guards that the suites really ran on it (not on a
// Node that pnpm, turbo or vitest found elsewhere), and so that the packed packages ran on it too.
// (It cannot live in packages/node-runtimes: there node_modules/.bin/node is Node 24.)

it('runs on the Node major that pnpm verify put first on PATH', () => {
  const onPath = spawnSync('node', ['--version'], { encoding: 'utf8' }).stdout.trim();
  const expected = process.env.PORTOBSERVE_EXPECTED_NODE_MAJOR ?? onPath.slice(1).split('.')[0];
  expect(process.versions.node.split('.')[0]).toBe(expected);
  expect(onPath.startsWith(`v${expected}.`)).toBe(true);
});

it.each(['22', '24'])('ships a Node %s binary that runs', (major) => {
  const node = fileURLToPath(
    new URL(`../../node-runtimes/node_modules/node${major}/bin/node`, import.meta.url),
  );
  expect(existsSync(node)).toBe(true);
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  expect(version.startsWith(`v${major}.`)).toBe(true);
});
