import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type FakeOpenAI, startFakeOpenAI } from '@portobserve/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

// Real apps in child processes, importing the built core (turbo builds it before `test`): the
// no-argument `instrumentOpenAI()` must find the `openai` an ES module app imports and the one a
// CommonJS app requires, which are two different classes.
const run = promisify(execFile);
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const dist = fileURLToPath(new URL('../../dist/', import.meta.url));

/** The test runner's environment without NODE_PATH (pnpm's bin shims set it): apps resolve like real ones. */
function appEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { NODE_PATH: _ignored, ...env } = process.env;
  return { ...env, ...extra };
}

interface PrintedSpan {
  name: string;
  status: number;
  attributes: Record<string, unknown>;
}

let fake: FakeOpenAI;
beforeAll(async () => {
  if (!existsSync(join(dist, 'index.js')) || !existsSync(join(dist, 'index.cjs'))) {
    throw new Error(
      'packages/core/dist is missing: build it first (`pnpm build`, or `npx tsup` in packages/core)',
    );
  }
  fake = await startFakeOpenAI();
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

async function runApp(file: string, cwd = fixtures): Promise<{ spans: PrintedSpan[]; stderr: string }> {
  const { stdout, stderr } = await run(process.execPath, [join(fixtures, file)], {
    cwd,
    env: appEnv({ FAKE_OPENAI_BASE_URL: fake.baseURL }),
    timeout: 20_000,
  });
  const line = stdout.split('\n').find((text) => text.startsWith('SPANS '));
  if (!line) throw new Error(`${file} printed no spans.\nstdout:\n${stdout}\nstderr:\n${stderr}`);
  return { spans: JSON.parse(line.slice('SPANS '.length)) as PrintedSpan[], stderr };
}

function expectTwoChatSpans(spans: PrintedSpan[], prompt: string): void {
  expect(spans.map((span) => span.name)).toEqual(['ChatCompletion', 'ChatCompletion']);
  const [plain, streamed] = spans;
  expect(plain?.status).toBe(1);
  expect(plain?.attributes['gen_ai.input.messages']).toBe(
    JSON.stringify([{ role: 'user', content: prompt }]),
  );
  expect(plain?.attributes['llm.model_name']).toBe('gpt-4o-mini-2024-07-18');
  expect(streamed?.status).toBe(1);
  expect(streamed?.attributes['portobserve.stream.end']).toBe('complete');
  expect(streamed?.attributes['llm.token_count.total']).toEqual(expect.any(Number));
}

describe('instrumentOpenAI() with no argument', () => {
  it('an ES module app (`import OpenAI from "openai"`): a span per call, clients made before and after', async () => {
    const { spans, stderr } = await runApp('esm-app.mjs');
    expectTwoChatSpans(spans, 'from esm');
    expect(stderr).not.toContain('[portobserve]');
  });

  it('a CommonJS app (`require("openai")`): a span per call, clients made before and after', async () => {
    const { spans, stderr } = await runApp('cjs-app.cjs');
    expectTwoChatSpans(spans, 'from cjs');
    expect(stderr).not.toContain('[portobserve]');
  });

  it('run from another working directory, finds openai from the entry script', async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), 'portobserve-cwd-'));
    try {
      const { spans } = await runApp('esm-app.mjs', elsewhere);
      expectTwoChatSpans(spans, 'from esm');
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it('says nothing when the app has no openai: other clients are traced at the transport', async () => {
    const nowhere = await mkdtemp(join(tmpdir(), 'portobserve-nowhere-'));
    try {
      const script = `import(${JSON.stringify(join(dist, 'index.js'))}).then((core) => core.instrumentOpenAI())`;
      const { stderr } = await run(process.execPath, ['-e', script], {
        cwd: nowhere,
        env: appEnv(),
        timeout: 20_000,
      });
      expect(stderr).toBe('');
    } finally {
      await rm(nowhere, { recursive: true, force: true });
    }
  });
});
