import { connect } from 'node:net';
import OpenAI, { APIError } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeOpenAI, startFakeOpenAI } from '../fake-openai/start-fake-openai.js';
import { type PortkeyGateway, portkeyRoutingHeaders, startPortkeyGateway } from './start-portkey-gateway.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portRefuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('real Portkey gateway in front of the fake upstream', () => {
  let fake: FakeOpenAI;
  let gateway: PortkeyGateway;
  let client: OpenAI;

  beforeAll(async () => {
    [fake, gateway] = await Promise.all([startFakeOpenAI(), startPortkeyGateway()]);
    client = new OpenAI({
      apiKey: 'sk-client',
      baseURL: gateway.baseURL,
      maxRetries: 0,
      defaultHeaders: portkeyRoutingHeaders(fake.baseURL),
    });
  });
  beforeEach(() => fake.reset());
  afterAll(async () => {
    await gateway?.stop();
    await fake?.close();
  });

  it('builds the routing headers', () => {
    expect(portkeyRoutingHeaders('http://127.0.0.1:1234/v1/', 'sk-x')).toEqual({
      'x-portkey-provider': 'openai',
      'x-portkey-custom-host': 'http://127.0.0.1:1234/v1',
      Authorization: 'Bearer sk-x',
    });
  });

  it('routes a plain chat completion and answers with portkey headers', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello gateway' }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('Hello from the fake upstream.');
    expect(data.model).toBe('gpt-4o-mini-2024-07-18');
    expect(data.usage?.prompt_tokens).toBe(2);
    expect(response.headers.get('x-portkey-provider')).toBe('openai');
    expect(response.headers.get('x-portkey-retry-attempt-count')).toBe('0');
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.path).toBe('/v1/chat/completions');
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer sk-fake-upstream');
  });

  it('streams through the gateway and delivers the include_usage chunk', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'stream it' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(
      'Hello from the fake upstream.',
    );
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 2, completion_tokens: 5, total_tokens: 7 });
    expect(fake.requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('passes parallel tool call streams through unchanged', async () => {
    fake.enqueue({
      toolCalls: [
        { name: 'a', arguments: '{"first":"call"}' },
        { name: 'b', arguments: '{"second":"call"}' },
      ],
    });
    const final = await client.chat.completions
      .stream({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'tools' }] })
      .finalChatCompletion();
    expect(
      final.choices[0]?.message.tool_calls?.map((call) =>
        call.type === 'function' ? call.function.arguments : '',
      ),
    ).toEqual(['{"first":"call"}', '{"second":"call"}']);
  });

  it('routes the responses API, legacy completions and embeddings', async () => {
    const response = await client.responses.create({ model: 'gpt-4o-mini', input: 'hi' });
    expect(response.output_text).toBe('Hello from the fake upstream.');
    const completion = await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'hi' });
    expect(completion.choices[0]?.text).toBe('Hello from the fake upstream.');
    const embeddings = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'hi' });
    expect(embeddings.data[0]?.embedding).toHaveLength(8);
    expect(fake.requests.map((request) => request.path)).toEqual([
      '/v1/responses',
      '/v1/completions',
      '/v1/embeddings',
    ]);
  });

  it('passes an upstream 429 through with the same status', async () => {
    fake.enqueue({ status: 429, errorMessage: 'slow down' });
    const error = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limit_exceeded' });
    expect((error as APIError).message).toContain('openai error: slow down');
    expect((error as APIError).headers?.get('x-portkey-provider')).toBe('openai');
    expect(fake.requests).toHaveLength(1);
  });

  it('captures the gateway output', async () => {
    const deadline = Date.now() + 5000;
    while (!gateway.output().includes('Ready for connections') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(gateway.output()).toContain('Ready for connections');
    expect(gateway.output()).not.toContain('\u001b[');
  });

  it('fails with the process output when the gateway is not ready in time', async () => {
    await expect(startPortkeyGateway({ startTimeoutMs: 1 })).rejects.toThrow(
      /failed to start: not ready after 1 ms[\s\S]*--- gateway output ---/,
    );
  });

  it('passes env to the gateway, and stop() ends the process and frees the port', async () => {
    const other = await startPortkeyGateway({ env: { TRUSTED_CUSTOM_HOSTS: 'trusted.invalid' } });
    expect(isAlive(other.pid)).toBe(true);
    const refused = await fetch(`${other.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...portkeyRoutingHeaders(fake.baseURL) },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [] }),
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ status: 'failure', message: 'Invalid custom host' });
    expect(fake.requests).toHaveLength(0);
    await Promise.all([other.stop(), other.stop()]);
    await other.stop();
    expect(isAlive(other.pid)).toBe(false);
    expect(await portRefuses(other.port)).toBe(true);
  });
});
