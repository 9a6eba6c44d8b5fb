// Must stay the first import (a side-effect import, which import sorting leaves in place): it registers
// @opentelemetry/instrumentation-http before Express loads `http`.
import './support/register-http-instrumentation.js';

import { DiagLogLevel, diag } from '@opentelemetry/api';
import type { OpenObserveRow } from '@portobserve/testkit';
import express5 from 'express';
import express4 from 'express4';
import { afterAll, beforeAll, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { httpInstrumentation, tracedPorts } from './support/register-http-instrumentation.js';
import {
  listen,
  llmRows,
  serverRows,
  startTelemetryStack,
  type TelemetryStack,
} from './support/telemetry-stack.js';
import { buildApp, type ExpressModule } from './support/test-app.js';

// The `context(req)` and `ignore` options, on Express 5 and 4, alone and under
// @opentelemetry/instrumentation-http (which binds the request to its own context first).
let stack: TelemetryStack;
const diagnostics: string[] = [];
let consoleWarn: MockInstance<typeof console.warn>;

beforeAll(async () => {
  consoleWarn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  stack = await startTelemetryStack('express-llm-context-tests');
  const record = (...args: unknown[]) => diagnostics.push(args.map(String).join(' '));
  diag.setLogger({ error: record, warn: record, info() {}, debug() {}, verbose() {} }, DiagLogLevel.WARN);
});
afterAll(async () => {
  consoleWarn.mockRestore();
  diag.disable();
  httpInstrumentation.enable();
  await stack?.stop();
});

describe.each([
  ['Express 5', 'alone', express5],
  ['Express 5', 'under instrumentation-http', express5],
  ['Express 4', 'alone', express4 as ExpressModule],
  ['Express 4', 'under instrumentation-http', express4 as ExpressModule],
])('%s, %s', (_name, mode, express) => {
  const withHttpInstrumentation = mode !== 'alone';
  let server: { url: string; close: () => Promise<void> };

  beforeAll(async () => {
    server = await listen(buildApp(express, stack.portkey, stack.direct));
    if (withHttpInstrumentation) tracedPorts.add(Number(new URL(server.url).port));
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => {
    // Ignored requests run with tracing suppressed: the app meant to run alone needs it off.
    if (withHttpInstrumentation) httpInstrumentation.enable();
    else httpInstrumentation.disable();
    stack.reset();
    diagnostics.length = 0;
  });

  /** Waits for the request's one server span and its LLM span. */
  async function requestAndChat(): Promise<{ request: OpenObserveRow; chat: OpenObserveRow }> {
    const rows = await stack.waitForRows(
      (found) => serverRows(found).length >= 1 && llmRows(found).length >= 1,
    );
    expect(serverRows(rows)).toHaveLength(1);
    const request = serverRows(rows)[0] as OpenObserveRow;
    // instrumentation-http's span, enriched, is the only one that records the peer address.
    expect(request.network_peer_address).toBe(withHttpInstrumentation ? '127.0.0.1' : undefined);
    const chat = llmRows(rows)[0] as OpenObserveRow;
    expect(chat).toMatchObject({ trace_id: request.trace_id, reference_parent_span_id: request.span_id });
    return { request, chat };
  }

  function postChat(path: string, headers: Record<string, string>): Promise<Response> {
    return fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ message: 'Who am I?' }),
    });
  }

  it('puts the context(req) session, user and metadata on the LLM span, after express.json()', async () => {
    await postChat('/chat', { 'x-session-id': 'chat-42', 'x-user-id': 'u-7', 'x-tenant': 'acme' });
    const { chat } = await requestAndChat();
    expect(chat).toMatchObject({ session_id: 'chat-42', user_id: 'u-7' });
    expect(JSON.parse(String(chat.metadata))).toEqual({ tenant: 'acme' });
  });

  it('keeps them for a body read by hand, in request stream callbacks', async () => {
    await postChat('/chat/raw-body', { 'x-session-id': 'raw-1', 'x-user-id': 'u-9' });
    const { request, chat } = await requestAndChat();
    expect(request.operation_name).toBe('POST /chat/raw-body');
    expect(chat).toMatchObject({ session_id: 'raw-1', user_id: 'u-9' });
  });

  it('waits for an async context(req) before the next middleware runs', async () => {
    await postChat('/chat', { 'x-context-mode': 'async', 'x-session-id': 'async-1', 'x-user-id': 'u-3' });
    const { chat } = await requestAndChat();
    expect(chat).toMatchObject({ session_id: 'async-1', user_id: 'u-3' });
  });

  it.each([
    ['throws', 'throw', 'context callback failed'],
    ['rejects', 'reject', 'context callback rejected'],
  ])(
    'answers and traces the request when context(req) %s, without its values, and says why',
    async (_how, contextMode, message) => {
      const response = await postChat('/chat', { 'x-context-mode': contextMode, 'x-session-id': 'lost' });
      expect(response.status).toBe(200);
      const { chat } = await requestAndChat();
      expect(chat.session_id).toBeUndefined();
      expect(diagnostics.join('\n')).toContain(
        `portobserve: openobserveMiddleware() option \`context\` threw; it was skipped for this request Error: ${message}`,
      );
    },
  );

  it('traces the request when an ignore(req) predicate throws', async () => {
    const response = await fetch(`${server.url}/plain`, { headers: { 'x-ignore-mode': 'throw' } });
    expect(response.status).toBe(200);
    const rows = await stack.waitForRows((found) => serverRows(found).length >= 1);
    expect(serverRows(rows)[0]).toMatchObject({
      operation_name: 'GET /plain',
      http_response_status_code: '200',
    });
    expect(diagnostics.join('\n')).toContain('openobserveMiddleware() option `ignore` threw');
  });
});

it('said it on the console once per option, however many requests failed', () => {
  const said = consoleWarn.mock.calls
    .map((call) => String(call[0]))
    .filter((line) => line.startsWith('[portobserve] openobserveMiddleware() option'));
  expect(said).toEqual([
    expect.stringMatching(
      /^\[portobserve\] openobserveMiddleware\(\) option `context` threw \(context callback failed\); it is skipped and the request still runs and is traced\./,
    ),
    expect.stringMatching(
      /^\[portobserve\] openobserveMiddleware\(\) option `ignore` threw \(ignore callback failed\)/,
    ),
  ]);
});
