import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isLLMRow, PROVIDER_KEY, useClientStack } from './support/client-stack.js';
import { expectLLMRow } from './support/expect-llm-row.js';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = join(here, '..');
const stack = useClientStack();
const SERVED = 'gpt-4o-mini-2024-07-18';

function appEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { NODE_PATH: _ignored, ...env } = process.env;
  return {
    ...env,
    ...stack.env,
    GATEWAY_BASE_URL: stack.gateway.baseURL,
    GATEWAY_HEADERS: JSON.stringify(stack.routing),
    PROVIDER_KEY,
    ...extra,
  };
}

async function storedChats(count: number) {
  const rows = await stack.openobserve.waitForRows((all) => all.filter(isLLMRow).length >= count, {
    timeoutMs: 10_000,
  });
  const llm = rows.filter(isLLMRow).sort((a, b) => Number(a.start_time) - Number(b.start_time));
  expect(llm).toHaveLength(count);
  return llm;
}

function expectPlainThenStreamed(rows: Awaited<ReturnType<typeof storedChats>>): void {
  const [plain, streamed] = rows;
  expectLLMRow(plain, {
    spanName: 'ChatCompletion',
    requestedModel: 'gpt-4o-mini',
    servedModel: SERVED,
    inputTokens: 10,
    outputTokens: 2,
    status: 'OK',
  });
  expectLLMRow(streamed, {
    spanName: 'ChatCompletion',
    requestedModel: 'gpt-4o-mini',
    servedModel: SERVED,
    inputTokens: 10,
    outputTokens: 2,
    status: 'OK',
    streamEnd: 'complete',
  });
}

describe('openai through module instances no class patch reaches', () => {
  // `openai` is the app's own package: instrumentOpenAI() imports its ES build through tsx's loader and
  // patches that class (which asks for stream usage itself); openai5 / openai7 stay at the transport.
  for (const module of ['openai5', 'openai', 'openai7']) {
    it(`an ES module TypeScript app run with tsx (${module}): one span per call, streamed usage included`, async () => {
      const usage = { promptTokens: 10, completionTokens: 2 };
      stack.upstream.enqueue({ content: 'hi', usage }, { content: 'hi', usage });
      const { stdout, stderr } = await run(
        process.execPath,
        ['--import', 'tsx', join(packageRoot, 'fixtures/tsx-app/app.ts')],
        {
          cwd: packageRoot,
          env: appEnv({ OPENAI_MODULE: module, STREAM_USAGE: module === 'openai' ? 'false' : 'true' }),
          timeout: 30_000,
        },
      );
      expect(stdout).toContain('streamed: hi');
      expect(stderr).not.toContain('[portobserve]');
      expectPlainThenStreamed(await storedChats(2));
    });
  }

  it('a client of an unreachable copy made before instrumentOpenAI() is reported once, naming the fix', async () => {
    stack.upstream.enqueue({ content: 'hi' }, { content: 'hi' });
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', join(packageRoot, 'fixtures/tsx-app/app.ts')],
      {
        cwd: packageRoot,
        env: appEnv({ CREATE_BEFORE_SETUP: 'true', OPENAI_MODULE: 'openai7' }),
        timeout: 30_000,
      },
    );
    expect(stdout).toContain('streamed: hi');
    const warnings = stderr.split('\n').filter((line) => line.includes('[portobserve]'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /kept the fetch it had before instrumentOpenAI\(\) ran.*createTracedFetch\(\)/,
    );
    expect(stack.openobserve.rows().filter(isLLMRow)).toEqual([]);
  });

  it('a workspace where only a sibling package depends on openai', async () => {
    const workspace = await mkdtemp(join(tmpdir(), 'portobserve-sibling-'));
    try {
      await mkdir(join(workspace, 'app/node_modules/@portobserve'), { recursive: true });
      await mkdir(join(workspace, 'llm-lib/node_modules'), { recursive: true });
      await symlink(
        join(packageRoot, '../core'),
        join(workspace, 'app/node_modules/@portobserve/core'),
        'dir',
      );
      await symlink(
        join(packageRoot, 'node_modules/openai'),
        join(workspace, 'llm-lib/node_modules/openai'),
        'dir',
      );
      await writeFile(
        join(workspace, 'llm-lib/index.mjs'),
        `import OpenAI from 'openai';
export async function askTwice(env) {
  const client = new OpenAI({ baseURL: env.GATEWAY_BASE_URL, apiKey: env.PROVIDER_KEY, defaultHeaders: JSON.parse(env.GATEWAY_HEADERS), maxRetries: 0 });
  await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'sibling' }] });
  const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'sibling' }], stream: true, stream_options: { include_usage: true } });
  for await (const _chunk of stream) {}
}
`,
      );
      await writeFile(
        join(workspace, 'app/main.mjs'),
        `import { instrumentOpenAI, openobserveInit } from '@portobserve/core';
const openobserve = openobserveInit();
instrumentOpenAI();
const { askTwice } = await import('../llm-lib/index.mjs');
await askTwice(process.env);
await openobserve.shutdown();
`,
      );
      const usage = { promptTokens: 10, completionTokens: 2 };
      stack.upstream.enqueue({ content: 'hi', usage }, { content: 'hi', usage });
      const { stderr } = await run(process.execPath, [join(workspace, 'app/main.mjs')], {
        cwd: join(workspace, 'app'),
        env: appEnv({}),
        timeout: 30_000,
      });
      expect(stderr).not.toContain('[portobserve]');
      expectPlainThenStreamed(await storedChats(2));
    } finally {
      await rm(workspace, { recursive: true, force: true });
    }
  });
});
