import { SpanStatusCode } from '@opentelemetry/api';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { onlyErrorSpan, onlySpan, spanText, user } from './support/harness.js';
import { useTracedUpstream } from './support/traced-upstream.js';

const { tracing, fake } = useTracedUpstream({ instrument: {} });

const API_KEY = 'sk-proj-CLIENTKEY0123456789abcdef';
const PORTKEY_KEY = 'pk-PORTKEYSECRET0123456789';

function newClient(options: Partial<ConstructorParameters<typeof OpenAI>[0]> = {}): OpenAI {
  return new OpenAI({
    apiKey: API_KEY,
    baseURL: fake.baseURL,
    maxRetries: 0,
    defaultHeaders: { 'x-portkey-api-key': PORTKEY_KEY },
    ...options,
  });
}

function expectNoSecrets(text: string): void {
  expect(text).not.toContain('CLIENTKEY');
  expect(text).not.toContain('PORTKEYSECRET');
  expect(text).not.toMatch(/Bearer\s+(?!\[REDACTED\])/);
}

describe('an API key in the error message', () => {
  it('401 "Incorrect API key provided: sk-proj-abc123***xyz" is scrubbed from status, event and stack', async () => {
    fake.enqueue({
      status: 401,
      errorMessage:
        'Incorrect API key provided: sk-proj-abc123***xyz. You can find your API key at https://platform.openai.com/account/api-keys.',
    });
    const error = await newClient()
      .chat.completions.create({ model: 'gpt-4o-mini', messages: [user('hi')] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(String((error as Error).message), 'the user still sees the original error').toContain(
      'sk-proj-abc123',
    );

    const span = onlyErrorSpan(await tracing.expectSettled(1), '401');
    const text = spanText(span);
    expect(text).not.toContain('sk-proj-abc');
    expect(text).not.toContain('abc123');
    expectNoSecrets(text);

    expect(span.status.message).toContain('Incorrect API key provided');
    expect(span.status.message).toContain('[REDACTED]');
    const exception = span.events.find((event) => event.name === 'exception');
    expect(exception?.attributes?.['exception.type']).toBe('AuthenticationError');
    expect(exception?.attributes?.['exception.message']).toContain('[REDACTED]');
    expect(exception?.attributes?.['exception.stacktrace']).toEqual(expect.any(String));
  });

  it('a bearer token and an "api_key" value echoed by an upstream are scrubbed', async () => {
    fake.enqueue({
      status: 400,
      errorMessage: `Bad header Authorization: Bearer ${API_KEY} and {"api_key": "hunter2secret"}`,
    });
    await expect(
      newClient().chat.completions.create({ model: 'gpt-4o-mini', messages: [user('hi')] }),
    ).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    const text = spanText(onlySpan(await tracing.expectSettled(1)));
    expectNoSecrets(text);
    expect(text).not.toContain('hunter2secret');
  });

  it('a streamed call that fails keeps the key out too', async () => {
    fake.enqueue({ status: 401, errorMessage: `Incorrect API key provided: ${API_KEY}.` });
    await expect(
      newClient().chat.completions.create({ model: 'gpt-4o-mini', messages: [user('hi')], stream: true }),
    ).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    expectNoSecrets(spanText(onlySpan(await tracing.expectSettled(1))));
  });
});

describe('the client credentials', () => {
  it('never reach a span: not on success, a stream, or an error', async () => {
    const client = newClient({ organization: 'org-visible', project: 'proj-visible' });
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [user('hi')] });
    for await (const _chunk of await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [user('hi')],
      stream: true,
    })) {
      // drain
    }
    fake.enqueue({ status: 500 });
    await expect(
      client.embeddings.create({ model: 'text-embedding-3-small', input: 'hi' }),
    ).rejects.toThrow();
    await client.responses.create({ model: 'gpt-4o-mini', input: 'hi' });

    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    const spans = await tracing.expectSettled(4);
    for (const span of spans) {
      const text = spanText(span);
      expectNoSecrets(text);
      expect(text.toLowerCase()).not.toContain('authorization');
      expect(Object.keys(span.attributes).some((key) => /api.?key|authorization|header/i.test(key))).toBe(
        false,
      );
    }
  });
});

describe('error.type', () => {
  it('is the class name of an error without an HTTP status (timeout)', async () => {
    fake.enqueue({ latencyMs: 2000 });
    await expect(
      newClient({ timeout: 100 }).chat.completions.create({ model: 'gpt-4o-mini', messages: [user('hi')] }),
    ).rejects.toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    onlyErrorSpan(await tracing.expectSettled(1), 'APIConnectionTimeoutError');
  });

  it('is the HTTP status for every API error class', async () => {
    for (const status of [403, 404, 422, 503]) {
      fake.enqueue({ status });
      await expect(
        newClient().chat.completions.create({ model: 'gpt-4o-mini', messages: [user('hi')] }),
      ).rejects.toBeInstanceOf(OpenAI.APIError);
    }
    const spans = await tracing.expectSettled(4);
    expect(spans.map((span) => span.attributes['error.type'])).toEqual(['403', '404', '422', '503']);
    expect(spans.every((span) => span.status.code === SpanStatusCode.ERROR)).toBe(true);
  });
});
