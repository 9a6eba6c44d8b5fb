import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  captureOutput,
  type FakeOpenAI,
  type OpenObserveDouble,
  type PortkeyGateway,
  portkeyRoutingHeaders,
  startFakeOpenAI,
  startOpenObserve,
  startPortkeyGateway,
} from '@portobserve/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';

// Issue 12: "Nothing leaks under load. With 1,000 concurrent streams and 10,000 plain calls through the
// gateway, every call is one ended span with the right tokens, and the heap returns to baseline."
// The app runs in its own process with --expose-gc; the real Portkey gateway forwards to the fake
// upstream; every span goes to the OpenObserve double and is checked there, call by call.

const app = fileURLToPath(new URL('./fixtures/load-app.mjs', import.meta.url));
const STREAMS = 1000;
const CALLS = 10_000;
/**
 * After GC, the heap may stay this far above the warmed-up baseline: allocator and JIT noise. Keeping
 * one span, context or stream per call (a few KiB each) would leave 11,000 of them, tens of MiB.
 */
const HEAP_TOLERANCE_MIB = 8;

let gateway: PortkeyGateway;
let upstream: FakeOpenAI;
let openobserve: OpenObserveDouble;
let scratch: string;

beforeAll(async () => {
  [gateway, upstream, openobserve] = await Promise.all([
    startPortkeyGateway(),
    startFakeOpenAI(),
    startOpenObserve(),
  ]);
  scratch = mkdtempSync(join(tmpdir(), 'portobserve-load-'));
});
afterAll(async () => {
  await Promise.all([gateway?.stop(), upstream?.close(), openobserve?.close()]);
  rmSync(scratch, { recursive: true, force: true });
});

it(`${STREAMS} concurrent streams and ${CALLS} plain calls: one ended span each, right tokens, heap back to baseline`, {
  timeout: 240_000,
}, async () => {
  const usageFile = join(scratch, 'usage.json');
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(OPENOBSERVE|OTEL|PORTKEY|OPENAI)_/.test(name)) env[name] = value;
  }
  Object.assign(env, {
    OPENOBSERVE_URL: openobserve.url,
    OPENOBSERVE_AUTH_TOKEN: openobserve.authToken,
    OTEL_BSP_SCHEDULE_DELAY: '200',
    LOAD_APP: JSON.stringify({
      gatewayURL: gateway.baseURL,
      routingHeaders: portkeyRoutingHeaders(upstream.baseURL),
      warmUpCalls: 400,
      streams: STREAMS,
      calls: CALLS,
      concurrency: 64,
      usageFile,
    }),
  });
  const child = spawn(process.execPath, ['--expose-gc', app], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = captureOutput(child);
  const [code] = await once(child, 'exit');
  expect(code, output.text()).toBe(0);
  const line = output.lines().find((candidate) => candidate.startsWith('RESULT '));
  if (!line) throw new Error(`no RESULT line:\n${output.text()}`);
  const result = JSON.parse(line.slice('RESULT '.length));
  // No warning at all: nothing was dropped, no export failed.
  expect(output.lines().filter((candidate) => candidate.startsWith('[portobserve]'))).toEqual([]);

  // Every call the app made is exactly one span, ended (a stored row), with the tokens the app saw.
  const seen = JSON.parse(readFileSync(usageFile, 'utf8')) as [string, number, number][];
  expect(seen).toHaveLength(STREAMS + CALLS);
  const rowsBySession = new Map<string, Record<string, unknown>[]>();
  for (const row of openobserve.rows()) {
    const session = String(row.session_id ?? '');
    if (!session.startsWith('stream-') && !session.startsWith('call-')) continue;
    const rows = rowsBySession.get(session) ?? [];
    rows.push(row);
    rowsBySession.set(session, rows);
  }
  expect(rowsBySession.size).toBe(STREAMS + CALLS);
  const wrong: string[] = [];
  for (const [session, promptTokens, completionTokens] of seen) {
    const rows = rowsBySession.get(session) ?? [];
    const row = rows[0];
    const streamed = session.startsWith('stream-');
    const expectedPrompt = 3 + (Number(session.split('-')[1]) % 5);
    if (
      rows.length !== 1 ||
      row?.llm_token_count_prompt !== String(promptTokens) ||
      row?.llm_token_count_completion !== String(completionTokens) ||
      promptTokens !== expectedPrompt ||
      row?.span_status !== 'OK' ||
      (streamed && row?.portobserve_stream_end !== 'complete')
    ) {
      wrong.push(
        `${session}: ${rows.length} rows, app saw ${promptTokens}/${completionTokens}, span ${JSON.stringify(row)}`,
      );
    }
  }
  expect(wrong.slice(0, 5), `${wrong.length} calls without exactly one right span`).toEqual([]);

  const { stats } = result;
  expect(stats.droppedSpans).toBe(0);
  expect(stats.producedSpans).toBe(stats.exportedSpans);
  // The heap returns to baseline once the calls are done and GC has run.
  expect(result.afterMiB - result.baselineMiB).toBeLessThan(HEAP_TOLERANCE_MIB);

  console.log(
    `\nload figures: ${STREAMS} streams in ${result.streamsMs} ms, ${STREAMS + CALLS} calls in ${result.totalMs} ms; ` +
      `spans produced ${stats.producedSpans}, exported ${stats.exportedSpans}, dropped ${stats.droppedSpans}; ` +
      `heap baseline ${result.baselineMiB} MiB, peak ${result.peakMiB} MiB, after GC ${result.afterMiB} MiB`,
  );
});
