import { createServer } from 'node:net';
import { trace } from '@opentelemetry/api';
import { type OpenObserveHandle, openobserveInit } from '@portobserve/core';
import {
  type FakeOpenAI,
  type OpenObserveDouble,
  type OpenObserveRow,
  type PortkeyGateway,
  startFakeOpenAI,
  startOpenObserve,
  startPortkeyGateway,
} from '@portobserve/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPortkeyClient, type PortkeyClientOptions, portkeyHeaders } from '../src/index.js';

const PROVIDER_KEY = 'sk-provider-secret-0123456789';
const PORTKEY_KEY = 'pk-portkey-secret-9876543210';
const TARGET_KEY = 'sk-inline-config-secret-555555';

let gateway: PortkeyGateway;
let upstream: FakeOpenAI;
let openobserve: OpenObserveDouble;
let handle: OpenObserveHandle;
const allRows: OpenObserveRow[] = [];

beforeAll(async () => {
  [gateway, upstream, openobserve] = await Promise.all([
    startPortkeyGateway(),
    startFakeOpenAI(),
    startOpenObserve(),
  ]);
  handle = openobserveInit({
    url: openobserve.url,
    authToken: openobserve.authToken,
    serviceName: 'portkey-tests',
  });
});
beforeEach(() => {
  upstream.reset();
  openobserve.reset();
});
afterAll(async () => {
  await handle.shutdown();
  await Promise.all([gateway.stop(), upstream.close(), openobserve.close()]);
});

function client(options: PortkeyClientOptions = {}) {
  return createPortkeyClient({
    baseURL: gateway.baseURL,
    apiKey: PORTKEY_KEY,
    provider: 'openai',
    providerApiKey: PROVIDER_KEY,
    customHost: upstream.baseURL,
    maxRetries: 0,
    ...options,
  });
}

async function exportedRows(): Promise<OpenObserveRow[]> {
  await handle.forceFlush();
  const rows = openobserve.rows();
  allRows.push(...rows);
  return rows;
}

async function llmRow(): Promise<OpenObserveRow> {
  const rows = await exportedRows();
  const llm = rows.filter((row) => row.openinference_span_kind === 'LLM');
  expect(llm).toHaveLength(1);
  return llm[0] as OpenObserveRow;
}

async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const messages = [{ role: 'user' as const, content: 'Hello gateway' }];

describe('createPortkeyClient through the real gateway', () => {
  it('traces a plain chat with usage, the provider that served it and the metadata', async () => {
    const portkey = client({ metadata: { team: 'search' } });
    const answer = await portkey.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(answer.choices[0]?.message.content).toBe('Hello from the fake upstream.');
    const row = await llmRow();
    expect(row).toMatchObject({
      operation_name: 'ChatCompletion',
      portkey_provider: 'openai',
      gen_ai_provider_name: 'openai',
      llm_provider: 'openai',
      portkey_retry_attempt_count: '0',
      portkey_last_used_option_index: 'config',
      llm_model_name: 'gpt-4o-mini-2024-07-18',
      llm_token_count_prompt: '2',
      llm_token_count_completion: '5',
      metadata: '{"team":"search"}',
    });
    expect(upstream.requests[0]?.headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`);
  });

  it("sends the span's trace id to Portkey, which echoes it back onto the span", async () => {
    await trace.getTracer('test').startActiveSpan('request', async (span) => {
      await client().chat.completions.create({ model: 'gpt-4o-mini', messages });
      span.end();
    });
    const row = await llmRow();
    expect(row.portkey_trace_id).toBe(row.trace_id);
    const parent = openobserve.rows().find((found) => found.operation_name === 'request');
    expect(row.reference_parent_span_id).toBe(parent?.span_id);
  });

  it('lets one call override the trace id and metadata with portkeyHeaders()', async () => {
    await client({ metadata: { team: 'search' } }).chat.completions.create(
      { model: 'gpt-4o-mini', messages },
      { headers: portkeyHeaders({ traceId: 'checkout-42', metadata: { team: 'billing', _user: 'u-7' } }) },
    );
    const row = await llmRow();
    expect(row.portkey_trace_id).toBe('checkout-42');
    expect(JSON.parse(String(row.metadata))).toEqual({ team: 'billing', _user: 'u-7' });
  });

  it('traces a streamed chat with token counts from the usage chunk', async () => {
    const portkey = client({ instrumentation: { includeStreamUsage: true } });
    const stream = await portkey.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('Hello from the fake upstream.');
    const row = await llmRow();
    expect(row).toMatchObject({
      portkey_provider: 'openai',
      llm_token_count_prompt: '2',
      llm_token_count_completion: '5',
      llm_token_count_total: '7',
      portobserve_stream_end: 'complete',
      span_status: 'OK',
    });
    expect(Number(row.gen_ai_response_time_to_first_chunk)).toBeGreaterThan(0);
  });

  it('says which fallback target answered when the first one is down', async () => {
    const down = await deadPort();
    const portkey = client({
      provider: undefined,
      customHost: undefined,
      config: {
        strategy: { mode: 'fallback' },
        targets: [
          { provider: 'openai', custom_host: `http://127.0.0.1:${down}/v1`, api_key: TARGET_KEY },
          { provider: 'openai', custom_host: upstream.baseURL, api_key: TARGET_KEY },
        ],
      },
    });
    await portkey.chat.completions.create({ model: 'gpt-4o-mini', messages });
    const row = await llmRow();
    expect(row.portkey_last_used_option_index).toBe('config.targets[1]');
    expect(row.span_status).toBe('OK');
    expect(row.portkey_config_id).toBeUndefined();
  });

  it('counts the retries a retry config made', async () => {
    upstream.enqueue({ status: 500 }, { status: 500 });
    const portkey = client({
      provider: undefined,
      customHost: undefined,
      config: {
        retry: { attempts: 3, on_status_codes: [500] },
        provider: 'openai',
        custom_host: upstream.baseURL,
        api_key: TARGET_KEY,
      },
    });
    await portkey.chat.completions.create({ model: 'gpt-4o-mini', messages });
    const row = await llmRow();
    expect(Number(row.portkey_retry_attempt_count)).toBe(2);
    expect(upstream.requests).toHaveLength(3);
  });

  it('records a gateway request timeout as a 408 error', async () => {
    upstream.enqueue({ latencyMs: 3000 });
    await expect(
      client({ requestTimeout: 200 }).chat.completions.create({ model: 'gpt-4o-mini', messages }),
    ).rejects.toMatchObject({ status: 408 });
    const row = await llmRow();
    expect(row).toMatchObject({ span_status: 'ERROR', error_type: '408' });
  });

  it('records an upstream 429 with its message', async () => {
    upstream.enqueue({ status: 429, errorMessage: 'Rate limit reached for gpt-4o-mini' });
    await expect(client().chat.completions.create({ model: 'gpt-4o-mini', messages })).rejects.toMatchObject({
      status: 429,
    });
    const row = await llmRow();
    expect(row).toMatchObject({ span_status: 'ERROR', error_type: '429', portkey_provider: 'openai' });
    expect(String(row.status_message)).toContain('Rate limit reached');
  });

  it('never exports a key: provider, Portkey or inline config', () => {
    expect(allRows.length).toBeGreaterThan(8);
    const everything = JSON.stringify(allRows);
    for (const secret of [PROVIDER_KEY, PORTKEY_KEY, TARGET_KEY]) expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/authorization|x_portkey_api_key/i);
  });
});

describe('the gateway refusing a custom host (SSRF check)', () => {
  let strictGateway: PortkeyGateway;
  beforeAll(async () => {
    // TRUSTED_CUSTOM_HOSTS replaces the default list, so 127.0.0.1 is no longer trusted.
    strictGateway = await startPortkeyGateway({ env: { TRUSTED_CUSTOM_HOSTS: 'localhost' } });
  });
  afterAll(async () => {
    await strictGateway.stop();
  });

  it('gives a clear error and an ERROR span with the gateway message', async () => {
    const portkey = client({ baseURL: strictGateway.baseURL });
    await expect(portkey.chat.completions.create({ model: 'gpt-4o-mini', messages })).rejects.toThrow(
      /Invalid custom host/,
    );
    const row = await llmRow();
    expect(row).toMatchObject({ span_status: 'ERROR', error_type: '400', portkey_gateway_exception: 'true' });
    expect(String(row.status_message)).toContain('Invalid custom host');
    expect(upstream.requests).toHaveLength(0);
  });
});
