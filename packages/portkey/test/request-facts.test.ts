import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { afterAll, expect, it } from 'vitest';
import { createPortkeyClient } from '../src/index.js';

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
provider.register({ contextManager: new AsyncLocalStorageContextManager() });
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
});

const completion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
};

it("records a saved config's id, passes the user's fetch and headers through, and sends trace headers", async () => {
  const seen: Headers[] = [];
  const portkey = createPortkeyClient({
    baseURL: 'http://127.0.0.1:1/v1',
    config: 'pc-support-bot-1',
    defaultHeaders: { 'x-team': 'search' },
    forwardTraceparent: true,
    maxRetries: 0,
    fetch: async (_input, init) => {
      seen.push(new Headers(init?.headers));
      return new Response(JSON.stringify(completion), {
        headers: {
          'content-type': 'application/json',
          'x-portkey-provider': 'azure-openai',
          'x-portkey-cache-status': 'MISS',
        },
      });
    },
  });
  await portkey.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Hi' }],
  });

  const [span] = exporter.getFinishedSpans();
  const headers = seen[0];
  expect(headers?.get('x-portkey-config')).toBe('pc-support-bot-1');
  expect(headers?.get('x-team')).toBe('search');
  expect(headers?.get('x-portkey-forward-headers')).toBe('traceparent');
  expect(headers?.get('x-portkey-trace-id')).toBe(span?.spanContext().traceId);
  expect(headers?.get('traceparent')).toContain(span?.spanContext().traceId);
  expect(span?.attributes).toMatchObject({
    'portkey.config_id': 'pc-support-bot-1',
    'portkey.provider': 'azure-openai',
    'portkey.cache_status': 'MISS',
    'gen_ai.provider.name': 'azure.ai.openai',
    'llm.provider': 'azure-openai',
  });
});

it('sends no trace id header when traceId is false', async () => {
  const seen: Headers[] = [];
  const portkey = createPortkeyClient({
    baseURL: 'http://127.0.0.1:1/v1',
    provider: 'openai',
    providerApiKey: 'sk-x',
    traceId: false,
    maxRetries: 0,
    fetch: async (_input, init) => {
      seen.push(new Headers(init?.headers));
      return new Response(JSON.stringify(completion), { headers: { 'content-type': 'application/json' } });
    },
  });
  await portkey.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Hi' }],
  });
  expect(seen[0]?.has('x-portkey-trace-id')).toBe(false);
});
