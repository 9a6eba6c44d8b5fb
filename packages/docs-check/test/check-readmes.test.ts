import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { checkReadmes } from '../src/check-readmes.mjs';

// One fixture README with one of each mistake the checker exists for. Its examples are written inside
// this package (dist/), so their imports resolve to the built workspace packages as the real ones do.
const root = mkdtempSync(join(tmpdir(), 'docs-check-'));
const outDir = fileURLToPath(new URL(`../dist/self-test-${process.pid}`, import.meta.url));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

const FIXTURE = `# fixture

See [core](../core), [the docs](https://example.com/docs) and [below](#usage).

\`\`\`sh
npm i @portobserve/core openai @opentelemetry/api
\`\`\`

\`\`\`ts
import { instrumentOpenAI } from '@portobserve/core';

instrumentOpenAI({ captureContent: false });
\`\`\`

\`\`\`ts
import { openobserveInit } from '@portobserve/core';

openobserveInit({ timeoutMs: '10s' });
\`\`\`

\`\`\`ts
import { createPortkeyClient } from '@portobserve/portkey';

createPortkeyClient({ provider: 'openai' });
\`\`\`

<!-- docs-check: fragment -->
\`\`\`ts
await portkey.chat.completions.create({ model, messages });
\`\`\`

\`\`\`js
console.log('hi');
\`\`\`
`;

function check(options: { onNpm: boolean; checkInstalls: boolean }) {
  writeFileSync(join(root, 'README.md'), FIXTURE);
  return checkReadmes({ root, readmes: [{ path: 'README.md', ...options }], outDir });
}

it('reports type errors, missing installs, relative links and unchecked blocks, at their README line', () => {
  const result = check({ onNpm: true, checkInstalls: true });
  const problems = result.problems.map(({ line, column, message }) => ({ line, column, message }));
  expect(problems).toEqual([
    {
      line: 3,
      column: undefined,
      message: expect.stringContaining('relative link "../core" breaks on npm'),
    },
    {
      line: 22,
      column: undefined,
      message:
        'needs @portobserve/portkey, missing from the install line at README.md:6 (npm i @portobserve/core openai @opentelemetry/api)',
    },
    {
      line: 32,
      column: undefined,
      message: expect.stringContaining('this js block is not checked'),
    },
    {
      line: 18,
      column: 19,
      message: "TS2322: Type 'string' is not assignable to type 'number'.",
    },
  ]);
  expect(result.examples.map((example) => example.line)).toEqual([10, 16, 22]);
  expect(result.fragments).toBe(1);
  expect(existsSync(result.examples[0]?.output ?? '')).toBe(false); // nothing is emitted while any fails
});

it("counts a package's required peers as needed, and emits JavaScript when every example compiles", () => {
  writeFileSync(
    join(root, 'README.md'),
    [
      '```sh',
      'npm i @portobserve/portkey @portobserve/core @opentelemetry/api',
      '```',
      '',
      '```ts',
      "import { createPortkeyClient } from '@portobserve/portkey';",
      '',
      "createPortkeyClient({ provider: 'openai' });",
      '```',
      '',
    ].join('\n'),
  );
  const result = checkReadmes({
    root,
    readmes: [{ path: 'README.md', onNpm: true, checkInstalls: true }],
    outDir,
  });
  expect(result.problems.map((problem) => problem.message)).toEqual([
    expect.stringMatching(/^needs openai, missing from the install line at README.md:2/),
  ]);

  writeFileSync(
    join(root, 'README.md'),
    '```ts\nimport { instrumentOpenAI } from "@portobserve/core";\n\ninstrumentOpenAI();\n```\n',
  );
  const clean = checkReadmes({
    root,
    readmes: [{ path: 'README.md', onNpm: false, checkInstalls: false }],
    outDir,
  });
  expect(clean.problems).toEqual([]);
  expect(existsSync(clean.examples[0]?.output ?? '')).toBe(true);
});
