import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import {
  type FakeOpenAI,
  type OpenObserveDouble,
  startFakeOpenAI,
  startOpenObserve,
} from '@portobserve/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const exitApp = fileURLToPath(new URL('./fixtures/exit-app.mjs', import.meta.url));
const unreadApp = fileURLToPath(new URL('./fixtures/exit-unread-app.mjs', import.meta.url));
let double: OpenObserveDouble;
let upstream: FakeOpenAI;

beforeAll(async () => {
  [double, upstream] = await Promise.all([startOpenObserve(), startFakeOpenAI()]);
});
afterAll(async () => {
  await Promise.all([double.close(), upstream.close()]);
});

function startApp(mode: string, app = exitApp) {
  const child = spawn(process.execPath, [app, mode], {
    env: {
      ...process.env,
      TEST_OPENOBSERVE_URL: double.url,
      TEST_OPENOBSERVE_TOKEN: double.authToken,
      TEST_UPSTREAM_URL: upstream.baseURL,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (data) => {
    output += String(data);
  });
  child.stderr.on('data', (data) => {
    output += String(data);
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const ready = async () => {
    while (!output.includes('ready')) {
      if (child.exitCode !== null) throw new Error(`app exited early: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  return { child, exited, ready, output: () => output };
}

describe('pending spans are flushed when the process ends', () => {
  it('on a normal end of the event loop, with exit code 0', async () => {
    const app = startApp('natural');
    const [code] = await app.exited;
    expect(code, app.output()).toBe(0);
    expect(double.rows().some((row) => row.operation_name === 'exit-natural')).toBe(true);
  });

  it('on SIGTERM, and the process still dies of SIGTERM as it would without us', async () => {
    const app = startApp('signal');
    await app.ready();
    app.child.kill('SIGTERM');
    const [code, signal] = await app.exited;
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' });
    expect(double.rows().some((row) => row.operation_name === 'exit-signal')).toBe(true);
  });

  it("on SIGTERM with the app's own handler, which stays in charge of exiting", async () => {
    const app = startApp('app-handler');
    await app.ready();
    app.child.kill('SIGTERM');
    const [code] = await app.exited;
    expect(code).toBe(3);
    expect(app.output()).toContain('app handler ran');
    expect(double.rows().some((row) => row.operation_name === 'exit-app-handler')).toBe(true);
  });
});

describe('LLM answers the app never read are not lost when it ends', () => {
  const unreadRows = () =>
    double
      .rows()
      .filter((row) =>
        String(row.gen_ai_request_model).match(/^(unread-stream|not-awaited|unread-transport)$/),
      );

  it.each(['natural', 'shutdown'])('ends them as idle and sends them (%s end)', async (mode) => {
    const before = unreadRows().length;
    const app = startApp(mode, unreadApp);
    const [code] = await app.exited;
    expect(code, app.output()).toBe(0);
    const rows = unreadRows().slice(before);
    const byModel = Object.fromEntries(rows.map((row) => [row.gen_ai_request_model, row]));
    expect(Object.keys(byModel).sort(), app.output()).toEqual([
      'not-awaited',
      'unread-stream',
      'unread-transport',
    ]);
    expect(rows).toHaveLength(3);
    expect(byModel['unread-stream']?.portobserve_stream_end).toBe('idle');
    expect(byModel['unread-transport']?.portobserve_stream_end).toBe('idle');
  });
});
