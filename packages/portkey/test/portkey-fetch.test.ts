import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { afterAll, afterEach, expect, it } from 'vitest';
import { createPortkeyFetch, PortkeyConfigError } from '../src/index.js';

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
provider.register({ contextManager: new AsyncLocalStorageContextManager() });
afterEach(() => exporter.reset());
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
});

const completion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
};
const body = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });

function recordingFetch(seen: Headers[]): typeof fetch {
  return async (_input, init) => {
    seen.push(new Headers(init?.headers));
    return new Response(JSON.stringify(completion), {
      headers: { 'content-type': 'application/json', 'x-portkey-provider': 'openai' },
    });
  };
}

it('adds the Portkey headers a request lacks, keeps the ones it has, and traces the call', async () => {
  const seen: Headers[] = [];
  const portkeyFetch = createPortkeyFetch({
    baseURL: 'http://127.0.0.1:8787/v1',
    config: 'pc-support-bot',
    metadata: { team: 'search' },
    providerApiKey: 'sk-from-options',
    fetch: recordingFetch(seen),
  });
  const response = await portkeyFetch('http://127.0.0.1:8787/v1/chat/completions', {
    method: 'POST',
    body,
    headers: { authorization: 'Bearer sk-from-the-client', 'x-portkey-metadata': '{"team":"billing"}' },
  });
  expect(await response.json()).toEqual(completion);
  const [span] = exporter.getFinishedSpans();
  const headers = seen[0];
  expect(headers?.get('x-portkey-config')).toBe('pc-support-bot');
  expect(headers?.get('authorization'), 'the client’s own key wins').toBe('Bearer sk-from-the-client');
  expect(headers?.get('x-portkey-metadata')).toBe('{"team":"billing"}');
  expect(headers?.get('x-portkey-trace-id')).toBe(span?.spanContext().traceId);
  expect(headers?.get('traceparent')).toContain(span?.spanContext().spanId);
  expect(span?.name).toBe('ChatCompletion');
  expect(span?.attributes).toMatchObject({
    'portkey.config_id': 'pc-support-bot',
    'portkey.provider': 'openai',
    'gen_ai.usage.input_tokens': 3,
  });
  expect(JSON.stringify(span?.attributes)).not.toContain('sk-from');
});

it('sends the provider key when the client sent none, and no trace id when traceId is false', async () => {
  const seen: Headers[] = [];
  const portkeyFetch = createPortkeyFetch({
    baseURL: 'http://127.0.0.1:8787/v1',
    provider: 'openai',
    providerApiKey: 'sk-from-options',
    traceId: false,
    fetch: recordingFetch(seen),
  });
  await (await portkeyFetch('http://127.0.0.1:8787/v1/chat/completions', { method: 'POST', body })).text();
  expect(seen[0]?.get('authorization')).toBe('Bearer sk-from-options');
  expect(seen[0]?.get('x-portkey-provider')).toBe('openai');
  expect(seen[0]?.has('x-portkey-trace-id')).toBe(false);
  expect(exporter.getFinishedSpans()).toHaveLength(1);
});

it('instrumentation: false adds headers only', async () => {
  const seen: Headers[] = [];
  const portkeyFetch = createPortkeyFetch({
    baseURL: 'http://127.0.0.1:8787/v1',
    provider: 'openai',
    instrumentation: false,
    fetch: recordingFetch(seen),
  });
  await (await portkeyFetch('http://127.0.0.1:8787/v1/chat/completions', { method: 'POST', body })).text();
  expect(seen[0]?.get('x-portkey-provider')).toBe('openai');
  expect(exporter.getFinishedSpans()).toEqual([]);
});

it('names the setting when routing or the hosted gateway key is missing', () => {
  expect(() => createPortkeyFetch({ baseURL: 'http://127.0.0.1:8787/v1' })).toThrow(PortkeyConfigError);
  const saved = process.env.PORTKEY_API_KEY;
  delete process.env.PORTKEY_API_KEY;
  try {
    expect(() => createPortkeyFetch({ provider: 'openai' })).toThrow(/PORTKEY_API_KEY/);
    expect(() => createPortkeyFetch({ provider: 'openai' })).toThrow(/`baseURL`/);
    // A self-hosted gateway's URL, given to the fetch as to the client, needs no Portkey key.
    expect(createPortkeyFetch({ baseURL: 'http://127.0.0.1:8787/v1', provider: 'openai' })).toBeTypeOf(
      'function',
    );
  } finally {
    if (saved !== undefined) process.env.PORTKEY_API_KEY = saved;
  }
});

it('reads PORTKEY_CUSTOM_HOST like the other PORTKEY_* variables', async () => {
  const seen: Headers[] = [];
  const saved = process.env.PORTKEY_CUSTOM_HOST;
  process.env.PORTKEY_CUSTOM_HOST = 'http://127.0.0.1:11434/v1';
  try {
    const portkeyFetch = createPortkeyFetch({
      baseURL: 'http://127.0.0.1:8787/v1',
      provider: 'openai',
      instrumentation: false,
      fetch: recordingFetch(seen),
    });
    await (await portkeyFetch('http://127.0.0.1:8787/v1/chat/completions', { method: 'POST', body })).text();
  } finally {
    if (saved === undefined) delete process.env.PORTKEY_CUSTOM_HOST;
    else process.env.PORTKEY_CUSTOM_HOST = saved;
  }
  expect(seen[0]?.get('x-portkey-custom-host')).toBe('http://127.0.0.1:11434/v1');
});

it('installed as the global fetch itself, it sends through the global fetch it was made over', async () => {
  const original = globalThis.fetch;
  try {
    for (const instrumentation of [{}, false] as const) {
      const seen: Headers[] = [];
      globalThis.fetch = recordingFetch(seen);
      globalThis.fetch = createPortkeyFetch({
        baseURL: 'http://127.0.0.1:8787/v1',
        config: 'pc-support-bot',
        instrumentation,
      });
      const response = await fetch('http://127.0.0.1:8787/v1/chat/completions', { method: 'POST', body });
      expect(await response.json(), `instrumentation ${instrumentation}`).toEqual(completion);
      expect(seen, 'sent once').toHaveLength(1);
      expect(seen[0]?.has('x-portkey-trace-id') || instrumentation === false).toBe(true);
    }
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['ChatCompletion']);
  } finally {
    globalThis.fetch = original;
  }
});
