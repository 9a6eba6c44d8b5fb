import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createTracedFetch } from '../../src/index.js';
import { onlyErrorSpan, onlyOkSpan, spanText, user } from './support/harness.js';
import { useTracedUpstream } from './support/traced-upstream.js';

// What the request's headers, the client's host and the gateway's response headers put on the span,
// through the class patch and through the transport capture.
const { tracing, fake } = useTracedUpstream({ instrument: {} });

const AZURE_BASE_URL = 'https://my-resource.openai.azure.com/openai/v1';

/** The response headers the Portkey gateway adds (as the self-hosted 1.15 gateway sends them). */
const GATEWAY_HEADERS = {
  'x-portkey-provider': 'openai',
  'x-portkey-trace-id': 'gateway-trace-1',
  'x-portkey-retry-attempt-count': '0',
  'x-portkey-last-used-option-index': 'config',
  'x-portkey-cache-status': 'HIT',
};

/**
 * A `fetch` that sends every request to the fake upstream, whatever host it was meant for (nothing
 * here may leave 127.0.0.1), and answers with the gateway's headers added when `gatewayHeaders`.
 */
function fetchToFake(fromBaseURL: string, gatewayHeaders = false): typeof fetch {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const response = await fetch(url.replace(fromBaseURL, fake.baseURL), init);
    if (!gatewayHeaders) return response;
    const headers = new Headers(response.headers);
    for (const [name, value] of Object.entries(GATEWAY_HEADERS)) headers.set(name, value);
    return new Response(response.body, { status: response.status, headers });
  };
}

describe('an Azure OpenAI host', () => {
  it('is azure.ai.openai through the class patch', async () => {
    const client = new OpenAI({
      apiKey: 'sk-test',
      baseURL: AZURE_BASE_URL,
      maxRetries: 0,
      fetch: fetchToFake(AZURE_BASE_URL),
    });
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [user('hi')] });
    expect(onlyOkSpan(await tracing.expectSettled(1)).attributes).toMatchObject({
      'gen_ai.provider.name': 'azure.ai.openai',
      'llm.provider': 'azure.ai.openai',
      'server.address': 'my-resource.openai.azure.com',
      'server.port': 443,
    });
  });

  it('is azure.ai.openai at the transport', async () => {
    const tracedFetch = createTracedFetch({ fetch: fetchToFake(AZURE_BASE_URL) });
    const response = await tracedFetch(`${AZURE_BASE_URL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [user('hi')] }),
    });
    await response.json();
    expect(onlyOkSpan(await tracing.expectSettled(1)).attributes).toMatchObject({
      'gen_ai.provider.name': 'azure.ai.openai',
      'server.address': 'my-resource.openai.azure.com',
    });
  });

  it('is plain openai anywhere else', async () => {
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: fake.baseURL, maxRetries: 0 });
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [user('hi')] });
    expect(onlyOkSpan(await tracing.expectSettled(1)).attributes['gen_ai.provider.name']).toBe('openai');
  });
});

describe("the gateway's cache status", () => {
  it('is portkey.cache_status through the class patch', async () => {
    const client = new OpenAI({
      apiKey: 'sk-test',
      baseURL: fake.baseURL,
      maxRetries: 0,
      fetch: fetchToFake(fake.baseURL, true),
    });
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [user('hi')] });
    expect(onlyOkSpan(await tracing.expectSettled(1)).attributes).toMatchObject({
      'portkey.cache_status': 'HIT',
      'portkey.trace_id': 'gateway-trace-1',
      'portkey.last_used_option_index': 'config',
      'portkey.retry_attempt_count': 0,
    });
  });

  it('is portkey.cache_status at the transport', async () => {
    const tracedFetch = createTracedFetch({ fetch: fetchToFake(fake.baseURL, true) });
    const response = await tracedFetch(`${fake.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [user('hi')] }),
    });
    await response.json();
    expect(onlyOkSpan(await tracing.expectSettled(1)).attributes['portkey.cache_status']).toBe('HIT');
  });
});

describe('Portkey request headers given as an array of pairs', () => {
  it('are read like a record: any case, and the call beats the client defaults', async () => {
    const client = new OpenAI({
      apiKey: 'sk-test',
      baseURL: fake.baseURL,
      maxRetries: 0,
      defaultHeaders: { 'x-portkey-config': 'pc-default', 'x-portkey-metadata': '{"team":"default"}' },
    });
    await client.chat.completions.create(
      { model: 'gpt-4o-mini', messages: [user('hi')] },
      {
        headers: [
          ['X-Portkey-Config', 'pc-from-array'],
          ['x-portkey-metadata', '{"team":"array"}'],
        ],
      },
    );
    expect(fake.requests[0]?.headers['x-portkey-config']).toBe('pc-from-array');
    expect(onlyOkSpan(await tracing.expectSettled(1)).attributes).toMatchObject({
      'portkey.config_id': 'pc-from-array',
      metadata: '{"team":"array"}',
    });
  });
});

describe('a bearer token in an error message', () => {
  it('is scrubbed on its own, with no "authorization:" before it and no sk- prefix', async () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.c2Vzc2lvbg.c2lnbmF0dXJl';
    fake.enqueue({ status: 401, errorMessage: `the upstream refused Bearer ${token} for this project` });
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: fake.baseURL, maxRetries: 0 });
    await expect(
      client.chat.completions.create({ model: 'gpt-4o-mini', messages: [user('hi')] }),
    ).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    const span = onlyErrorSpan(await tracing.expectSettled(1), '401');
    expect(spanText(span)).not.toContain('eyJhbGciOiJIUzI1NiJ9');
    expect(span.status.message).toContain('the upstream refused Bearer [REDACTED] for this project');
  });
});
