import { afterAll, beforeAll, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from './start-local-stack.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ serviceName: 'local-stack-test' });
});
afterAll(async () => {
  await stack.stop();
});

it('points an app at the gateway, which routes to the fake upstream', async () => {
  const { env } = stack;
  const response = await fetch(`${env.PORTKEY_BASE_URL}/chat/completions`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${env.OPENAI_API_KEY}`,
      'x-portkey-provider': String(env.PORTKEY_PROVIDER),
      'x-portkey-custom-host': String(env.PORTKEY_CUSTOM_HOST),
    },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }),
  });
  expect(response.status).toBe(200);
  expect(stack.upstream.requests).toHaveLength(1);
  expect(env).toMatchObject({
    OPENOBSERVE_URL: stack.openobserve.url,
    OTEL_SERVICE_NAME: 'local-stack-test',
  });
});
