#!/usr/bin/env node
// `prepack` of the published packages: a tarball packed before `pnpm build` would hold only
// package.json and the README. Stop with what to do instead.
import { existsSync } from 'node:fs';

if (!existsSync('dist/index.js') || !existsSync('dist/index.cjs')) {
  console.error(
    `${process.cwd()}: dist/ is missing or incomplete: run pnpm build first (it builds every package).`,
  );
  process.exit(1);
}
