import { openobserveInit } from '@portobserve/core';
import {
  type FakeOpenAI,
  type PortkeyGateway,
  startFakeOpenAI,
  startPortkeyGateway,
} from '@portobserve/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPortkeyClient } from '../src/index.js';

let gateway: PortkeyGateway;
let upstream: FakeOpenAI;
beforeAll(async () => {
  [gateway, upstream] = await Promise.all([startPortkeyGateway(), startFakeOpenAI()]);
});
afterAll(async () => {
  await Promise.all([gateway.stop(), upstream.close()]);
});

it('works unchanged when telemetry is disabled', async () => {
  const openobserve = openobserveInit({ enabled: false });
  const portkey = createPortkeyClient({
    baseURL: gateway.baseURL,
    provider: 'openai',
    providerApiKey: 'sk-test',
    customHost: upstream.baseURL,
    maxRetries: 0,
  });
  const { data, response } = await portkey.chat.completions
    .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] })
    .withResponse();
  expect(data.choices[0]?.message.content).toBe('Hello from the fake upstream.');
  expect(response.headers.get('x-portkey-provider')).toBe('openai');
  const stream = await portkey.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Hi' }],
    stream: true,
  });
  let chunks = 0;
  for await (const _chunk of stream) chunks++;
  expect(chunks).toBeGreaterThan(2);
  // No tracer provider is registered, so no trace id is sent.
  expect(upstream.requests).toHaveLength(2);
  expect(openobserve.stats().exportedSpans).toBe(0);
  await openobserve.shutdown();
});
