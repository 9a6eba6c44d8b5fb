import {
  type FakeOpenAI,
  type PortkeyGateway,
  startFakeOpenAI,
  startPortkeyGateway,
} from '@portobserve/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NextServer, startNext } from './support/start-next.js';

// Issue 12: with OPENOBSERVE_AUTH_TOKEN missing, or OPENOBSERVE_URL=localhost:5080, `next start` used to
// print Ready and then answer every request with 500 ("An error occurred while loading instrumentation
// hook"). A bad setting must log one clear error and leave every page working, with export off.

let gateway: PortkeyGateway;
let upstream: FakeOpenAI;

beforeAll(async () => {
  [gateway, upstream] = await Promise.all([startPortkeyGateway(), startFakeOpenAI()]);
});
afterAll(async () => {
  await Promise.all([gateway?.stop(), upstream?.close()]);
});

function llmEnv(): Record<string, string> {
  return {
    PORTKEY_BASE_URL: gateway.baseURL,
    PORTKEY_PROVIDER: 'openai',
    PORTKEY_CUSTOM_HOST: upstream.baseURL,
    OPENAI_API_KEY: 'sk-next-bad-settings-key',
  };
}

describe.each([
  ['without OPENOBSERVE_AUTH_TOKEN', { OPENOBSERVE_URL: 'http://127.0.0.1:9' }, /OPENOBSERVE_AUTH_TOKEN/],
  [
    'with OPENOBSERVE_URL=localhost:5080',
    { OPENOBSERVE_URL: 'localhost:5080', OPENOBSERVE_AUTH_TOKEN: 'Basic cm9vdDpwdw==' },
    /OPENOBSERVE_URL to something like http:\/\/localhost:5080/,
  ],
])('next start %s', (_label, env, hint) => {
  let next: NextServer;

  beforeAll(async () => {
    // startNext itself waits for the home page to answer 200.
    next = await startNext({ ...llmEnv(), ...env });
  });
  afterAll(async () => {
    await next?.stop();
  });

  it('serves the static page and an API route (which calls the LLM) with 200', async () => {
    const page = await fetch(next.url, { signal: AbortSignal.timeout(10_000) });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    const api = await fetch(`${next.url}/api/hello?name=Ada`, { signal: AbortSignal.timeout(15_000) });
    expect(api.status, await api.clone().text()).toBe(200);
    expect((await api.json()) as { answer: string }).toMatchObject({ answer: expect.any(String) });
  });

  it('prints one clear error naming the setting and the fix, and no instrumentation hook failure', () => {
    const output = next.output();
    const errors = output
      .split('\n')
      .filter((line) => line.includes('[portobserve] OpenObserve export is off'));
    expect(errors, output).toHaveLength(1);
    expect(errors[0]).toMatch(hint);
    expect(errors[0]).toContain('OPENOBSERVE_STRICT=true');
    expect(output).not.toMatch(/error occurred while loading instrumentation hook/i);
    expect(output).not.toContain('cm9vdDpwdw==');
  });
});
