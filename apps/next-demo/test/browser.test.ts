import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoStack, startDemoStack } from './support/local-stack.js';
import { ancestry, SERVER_KIND } from './support/trace-rows.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Without a Chromium this file is skipped (`pnpm verify` prints how to enable it), so the test never
// installs anything on a developer's machine. On CI, whose .ci/run installs Chromium, a missing
// browser fails instead: CI skips nothing.
const runs = existsSync(CHROMIUM) || Boolean(process.env.CI);

describe.skipIf(!runs)(`in Chromium (${CHROMIUM})`, () => {
  let stack: DemoStack;
  let browser: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH.`);
    }
    stack = await startDemoStack();
    profile = mkdtempSync(join(tmpdir(), 'next-demo-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      timeout: 30_000,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('shows the streamed answer in the page, and the request is traced to OpenObserve', async () => {
    stack.upstream.enqueue({ content: 'Streaming to the browser works.', chunkDelayMs: 30 });
    const page = await browser.newPage();
    await page.goto(stack.next.url, { timeout: 15_000 });
    await page.locator('textarea[name="prompt"]').fill('Is streaming on?');
    await page.getByRole('button', { name: 'Ask' }).click();

    const output = page.locator('output[data-status="done"]');
    await output.waitFor({ timeout: 15_000 });
    expect(await output.textContent()).toBe('Streaming to the browser works.');

    const sessionId = await page.locator('form').getAttribute('data-session-id');
    expect(sessionId).toBeTruthy();
    const rows = await stack.openobserve.waitForRows(
      (all) => {
        const llm = all.find((row) => row.session_id === sessionId);
        return all.some(
          (row) => row.trace_id === llm?.trace_id && row.operation_name === 'POST /api/chat/stream',
        );
      },
      { timeoutMs: 10_000 },
    );
    const llm = rows.find((row) => row.session_id === sessionId);
    expect(llm).toMatchObject({ operation_name: 'ChatCompletion', portobserve_stream_end: 'complete' });
    const trace = rows.filter((row) => row.trace_id === llm?.trace_id);
    const root = ancestry(trace, llm as NonNullable<typeof llm>).at(-1);
    expect(root).toMatchObject({ operation_name: 'POST /api/chat/stream', span_kind: SERVER_KIND });
  });
});
