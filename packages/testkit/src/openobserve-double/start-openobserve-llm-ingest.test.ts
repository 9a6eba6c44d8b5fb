import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { type OpenObserveDouble, startOpenObserve } from './start-openobserve.js';
import { makeRequest, makeSpan } from './test-fixtures.js';

const doubles: OpenObserveDouble[] = [];

afterAll(async () => {
  await Promise.all(doubles.map((double) => double.close()));
});

const CHAT_SPAN = makeSpan({
  attributes: [
    { key: 'openinference.span.kind', value: { stringValue: 'LLM' } },
    { key: 'input.value', value: { stringValue: 'Hi' } },
    { key: 'output.value', value: { stringValue: 'Hello!' } },
    { key: 'llm.token_count.prompt', value: { intValue: 1 } },
    { key: 'llm.token_count.completion', value: { intValue: 2 } },
  ],
});

async function storedChatRow(options: { llmIngest?: boolean }) {
  const openobserve = await startOpenObserve(options);
  doubles.push(openobserve);
  const response = await fetch(`${openobserve.url}/api/default/v1/traces`, {
    method: 'POST',
    headers: {
      authorization: openobserve.authToken,
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    },
    body: zlib.gzipSync(JSON.stringify(makeRequest([CHAT_SPAN]))),
  });
  expect(response.status).toBe(200);
  return openobserve.rows()[0];
}

describe('startOpenObserve llmIngest', () => {
  it('runs the LLM step by default, as OpenObserve v0.91+ does', async () => {
    const row = await storedChatRow({});
    expect(row).toMatchObject({
      gen_ai_operation_name: 'chat',
      gen_ai_input_messages: 'Hi',
      gen_ai_output_messages: 'Hello!',
      gen_ai_usage_total_tokens: 3,
    });
    expect(row).not.toHaveProperty('input_value');
  });

  it('stores the span as OpenObserve before v0.91 with llmIngest: false', async () => {
    const row = await storedChatRow({ llmIngest: false });
    expect(row).toMatchObject({ input_value: 'Hi', output_value: 'Hello!', llm_token_count_prompt: '1' });
    expect(row).not.toHaveProperty('gen_ai_operation_name');
    expect(row).not.toHaveProperty('gen_ai_input_messages');
  });
});
