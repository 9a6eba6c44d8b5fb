import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

type Row = Record<string, unknown>;

const appDirectory = fileURLToPath(new URL('..', import.meta.url));
let child: ChildProcess;
let output = '';
let baseURL: string;

/** Starts the built app exactly as `pnpm start` does, with no `.env` and a free port. */
beforeAll(async () => {
  expect(existsSync(`${appDirectory}/.env`), 'this test needs the demo to run without a .env').toBe(false);
  expect(existsSync(`${appDirectory}/dist/server.js`), 'build the app first (turbo does)').toBe(true);
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0' };
  for (const name of Object.keys(env)) {
    if (/^(OPENOBSERVE|PORTKEY|OPENAI|OTEL|DEMO)_/.test(name)) delete env[name];
  }
  child = spawn(process.execPath, ['--import', './dist/telemetry.js', 'dist/server.js'], {
    cwd: appDirectory,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  baseURL = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo did not start:\n${output}`)), 45_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the demo exited (${code}):\n${output}`)));
  });
});

afterAll(async () => {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
});

function post(path: string, body: unknown, init: RequestInit = {}): Promise<Response> {
  return fetch(`${baseURL}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-session-id': 'demo-session', 'x-user-id': 'u-1' },
    body: JSON.stringify(body),
    ...init,
  });
}

/** Polls the local-defaults debug route until `predicate` holds over the stand-in's rows. */
async function rowsWhere(predicate: (rows: Row[]) => boolean): Promise<Row[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const rows = (await (await fetch(`${baseURL}/debug/openobserve-rows`)).json()) as Row[];
    if (predicate(rows)) return rows;
    if (Date.now() > deadline) throw new Error(`rows never matched:\n${JSON.stringify(rows, null, 2)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function serverSpan(rows: Row[], name: string): Row | undefined {
  return rows.find((row) => row.span_kind === '2' && row.operation_name === name);
}

function childOf(rows: Row[], parent: Row | undefined): Row[] {
  return rows.filter((row) => parent && row.reference_parent_span_id === parent.span_id);
}

describe('the express demo on local defaults (no .env)', () => {
  it('answers GET /health', async () => {
    const response = await fetch(`${baseURL}/health`);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers POST /chat with JSON', async () => {
    const response = await post('/chat', { message: 'Hello demo' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { answer: string; usage: { total_tokens: number } };
    expect(body.answer).toBe('Hello from the fake upstream.');
    expect(body.usage.total_tokens).toBeGreaterThan(0);
  });

  it('streams POST /chat/stream as server-sent events', async () => {
    const response = await post('/chat/stream', { message: 'Stream it' });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = (await response.text())
      .split('\n\n')
      .filter(Boolean)
      .map((event) => event.replace(/^data: /, ''));
    expect(events.at(-1)).toBe('[DONE]');
    const tokens = events.slice(0, -1).map((data) => (JSON.parse(data) as { token: string }).token);
    expect(tokens.length).toBeGreaterThan(1);
    expect(tokens.join('')).toBe('Hello from the fake upstream.');
  });

  it('answers POST /embed with vectors', async () => {
    const response = await post('/embed', { input: ['one', 'two'] });
    const body = (await response.json()) as { embeddings: number[][] };
    expect(body.embeddings).toHaveLength(2);
    expect(body.embeddings[0]?.length).toBeGreaterThan(0);
  });

  it('ends both spans when a client leaves mid-stream', async () => {
    const abort = new AbortController();
    const response = await post('/chat/stream', { message: 'Leave early' }, { signal: abort.signal });
    await response.body?.getReader().read();
    abort.abort();
    const rows = await rowsWhere((found) => {
      const request = found.find((row) => row.portobserve_request_client_aborted === 'true');
      return childOf(found, request).length === 1;
    });
    const request = rows.find((row) => row.portobserve_request_client_aborted === 'true');
    expect(request?.operation_name).toBe('POST /chat/stream');
    expect(childOf(rows, request)[0]?.portobserve_stream_end).toBe('aborted');
  });

  it("sent every request's span, with its LLM call inside, to its OpenObserve stand-in", async () => {
    const rows = await rowsWhere(
      (found) =>
        ['POST /chat', 'POST /embed'].every((name) => childOf(found, serverSpan(found, name)).length === 1) &&
        found.filter((row) => row.operation_name === 'POST /chat/stream').length === 2,
    );
    const chat = serverSpan(rows, 'POST /chat');
    expect(chat).toMatchObject({
      http_route: '/chat',
      http_response_status_code: '200',
      service_name: 'express-demo',
    });
    expect(childOf(rows, chat)[0]).toMatchObject({
      operation_name: 'ChatCompletion',
      trace_id: chat?.trace_id,
      session_id: 'demo-session',
      user_id: 'u-1',
      portkey_provider: 'openai',
    });
    const streamed = rows.find(
      (row) =>
        row.operation_name === 'POST /chat/stream' && row.portobserve_request_client_aborted !== 'true',
    );
    expect(childOf(rows, streamed)[0]).toMatchObject({
      portobserve_stream_end: 'complete',
      span_status: 'OK',
    });
    expect(childOf(rows, serverSpan(rows, 'POST /embed'))[0]?.openinference_span_kind).toBe('EMBEDDING');
    // Ignored: no span for the health check or the debug route.
    expect(rows.map((row) => row.operation_name)).not.toContain('GET /health');
    expect(
      rows.filter((row) => String(row.url_path).startsWith('/debug') || row.url_path === '/health'),
    ).toEqual([]);
  });
});
