import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
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

function startApp(mode: string, app = exitApp, extraEnv: Record<string, string> = {}) {
  const child = spawn(process.execPath, [app, mode], {
    env: {
      ...process.env,
      ...extraEnv,
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

  it('on process.exit(), where no async work can run any more: sent synchronously, once', async () => {
    const app = startApp('process-exit');
    const [code] = await app.exited;
    expect(code, app.output()).toBe(0);
    expect(double.rows().filter((row) => row.operation_name === 'exit-process-exit')).toHaveLength(1);
    expect(app.output()).not.toContain('not sent');
  });

  it('on an uncaught error: the exit code and the error stay as they are, and the span is sent', async () => {
    const app = startApp('uncaught');
    const [code] = await app.exited;
    expect(code).toBe(1);
    expect(app.output()).toContain('an error the app did not catch');
    expect(double.rows().filter((row) => row.operation_name === 'exit-uncaught')).toHaveLength(1);
  });

  it("on SIGTERM with the app's own handler that exits at once (as next start does): sent", async () => {
    const app = startApp('app-handler-exits-at-once');
    await app.ready();
    app.child.kill('SIGTERM');
    const [code] = await app.exited;
    expect(code).toBe(143);
    expect(
      double.rows().filter((row) => row.operation_name === 'exit-app-handler-exits-at-once'),
    ).toHaveLength(1);
  });

  it("on SIGTERM with the app's own handler that drains for long: sent a second later, before it exits", async () => {
    const app = startApp('app-handler-slow');
    await app.ready();
    app.child.kill('SIGTERM');
    await double.waitForRows(
      (rows) => rows.some((row) => row.operation_name === 'exit-app-handler-slow-late'),
      { timeoutMs: 5000 },
    );
    expect(app.child.exitCode, 'still draining').toBeNull();
    app.child.kill('SIGKILL');
    await app.exited;
    expect(app.output()).toContain('draining');
  });

  it('on process.exit() with OpenObserve refusing: one line says the span is lost and why', async () => {
    const refusing = createServer();
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    const { port } = refusing.address() as AddressInfo;
    await new Promise((resolve) => refusing.close(resolve));
    const app = startApp('process-exit', exitApp, { TEST_EXPORT_URL: `http://127.0.0.1:${port}` });
    const [code] = await app.exited;
    expect(code).toBe(0);
    expect(app.output()).toMatch(
      /the process exited with 1 span not sent to OpenObserve \(could not reach OpenObserve .*ECONNREFUSED/,
    );
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
