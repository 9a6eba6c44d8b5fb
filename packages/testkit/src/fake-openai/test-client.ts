import OpenAI from 'openai';

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
