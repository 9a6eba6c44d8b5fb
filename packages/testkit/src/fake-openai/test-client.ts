import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type FakeOpenAI, startFakeOpenAI } from './start-fake-openai.js';

/**
 * An `openai` client pointed at `baseURL` without retries (test helper).
 *
 * @example
 * ```ts
 * const client = testClient(fake.baseURL, { timeout: 500 });
 * ```
 */
export function testClient(
  baseURL: string,
  options: { timeout?: number; headers?: Record<string, string> } = {},
): OpenAI {
  return new OpenAI({
    apiKey: 'sk-test',
    baseURL,
    maxRetries: 0,
    ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
    ...(options.headers === undefined ? {} : { defaultHeaders: options.headers }),
  });
}

/**
 * A fake upstream and a {@link testClient} of it for the tests of the calling `describe` (test helper):
 * started before its first test, reset before each, closed after the last. Read `fake` and `client`
 * in tests and hooks, once they are started.
 *
 * @example
 * ```ts
 * describe('fake OpenAI', () => {
 *   const upstream = useTestUpstream();
 *   it('answers', async () => {
 *     await upstream.client.chat.completions.create({ model: 'gpt-4o-mini', messages: [] });
 *     expect(upstream.fake.requests).toHaveLength(1);
 *   });
 * });
 * ```
 */
export function useTestUpstream(): { readonly fake: FakeOpenAI; readonly client: OpenAI } {
  let started: { fake: FakeOpenAI; client: OpenAI } | undefined;
  beforeAll(async () => {
    const fake = await startFakeOpenAI();
    started = { fake, client: testClient(fake.baseURL) };
  });
  beforeEach(() => started?.fake.reset());
  afterAll(() => started?.fake.close());
  const current = () => {
    if (started === undefined)
      throw new Error('the fake OpenAI upstream starts in beforeAll: use it in a test');
    return started;
  };
  return {
    get fake() {
      return current().fake;
    },
    get client() {
      return current().client;
    },
  };
}
