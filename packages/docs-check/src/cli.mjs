#!/usr/bin/env node
// Checks the repository's READMEs (see check-readmes.mjs) and writes the compiled examples, with a
// manifest, to dist/examples for the tests that run them. Prints only problems, and exits 1 on any.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkReadmes } from './check-readmes.mjs';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const outDir = fileURLToPath(new URL('../dist/examples', import.meta.url));

const { problems, examples, fragments } = checkReadmes({ root, readmes: repositoryReadmes(), outDir });
for (const problem of problems) {
  const where = [problem.readme, problem.line, problem.column].filter((part) => part !== undefined).join(':');
  console.error(`${where} ${problem.message}`);
}
const manifest = examples.map((example) => ({
  readme: example.readme,
  line: example.line,
  output: relative(outDir, example.output),
}));
writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
if (problems.length > 0) {
  console.error(`docs-check: ${problems.length} problem(s) in ${examples.length} README examples`);
  process.exit(1);
}
console.log(`docs-check: ${examples.length} README examples compile (${fragments} marked as fragments)`);

/** @returns {import('./check-readmes.mjs').ReadmeSource[]} */
function repositoryReadmes() {
  const readmes = [{ path: 'README.md', onNpm: false, checkInstalls: true }];
  for (const folder of ['packages', 'apps']) {
    for (const name of readdirSync(join(root, folder)).sort()) {
      const path = `${folder}/${name}/README.md`;
      if (!existsSync(join(root, path))) continue;
      const manifest = JSON.parse(readFileSync(join(root, folder, name, 'package.json'), 'utf8'));
      const published = manifest.private !== true;
      readmes.push({ path, onNpm: published, checkInstalls: published });
    }
  }
  return readmes;
}
