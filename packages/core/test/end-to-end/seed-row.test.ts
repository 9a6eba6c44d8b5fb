import {
  type FakeOpenAI,
  type OpenObserveDouble,
  type PortkeyGateway,
  portkeyRoutingHeaders,
  startFakeOpenAI,
  startOpenObserve,
  startPortkeyGateway,
} from '@portobserve/testkit';
import OpenAI from 'openai';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { instrumentOpenAI, type OpenObserveHandle, openobserveInit } from '../../src/index.js';

let gateway: PortkeyGateway;
let upstream: FakeOpenAI;
let openobserve: OpenObserveDouble;
let handle: OpenObserveHandle;
let uninstrument: () => void;

beforeAll(async () => {
  [gateway, upstream, openobserve] = await Promise.all([
    startPortkeyGateway(),
    startFakeOpenAI(),
    startOpenObserve(),
  ]);
  handle = openobserveInit({ url: openobserve.url, authToken: openobserve.authToken, serviceName: 'seed' });
  uninstrument = instrumentOpenAI(OpenAI);
});
afterAll(async () => {
  uninstrument();
  await handle.shutdown();
  await Promise.all([gateway.stop(), upstream.close(), openobserve.close()]);
});

it("stores a chat call through the real gateway as the seed document's table shows it", async () => {
  const client = new OpenAI({
    apiKey: 'sk-seed-test',
    baseURL: gateway.baseURL,
    defaultHeaders: portkeyRoutingHeaders(upstream.baseURL, 'sk-seed-test'),
    maxRetries: 0,
  });
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    temperature: 0.2,
    messages: [{ role: 'user', content: 'What is OpenObserve?' }],
  });
  await handle.forceFlush();

  const [row] = openobserve.rows();
  expect(row).toBeDefined();
  // OpenObserve derives llm_request_parameters_model by unpacking llm.invocation_parameters on ingest.
  const parameters = JSON.parse(String(row?.llm_invocation_parameters));
  expect(parameters).toEqual({ model: 'gpt-4o-mini', temperature: 0.2 });
  expect(row).toMatchObject({
    llm_model_name: completion.model,
    gen_ai_response_model: completion.model,
    gen_ai_request_model: 'gpt-4o-mini',
    llm_system: 'openai',
    llm_token_count_prompt: String(completion.usage?.prompt_tokens),
    llm_token_count_completion: String(completion.usage?.completion_tokens),
    llm_token_count_total: String(completion.usage?.total_tokens),
    openinference_span_kind: 'LLM',
    operation_name: 'ChatCompletion',
    span_status: 'OK',
    span_kind: '3',
    service_name: 'seed',
    gen_ai_usage_input_tokens: completion.usage?.prompt_tokens,
    portkey_provider: 'openai',
  });
  expect(completion.model).toBe('gpt-4o-mini-2024-07-18');
  expect(row?.duration).toBeGreaterThan(0);
  expect(row?.gen_ai_usage_cost).toBeGreaterThan(0);
  // Our counts and cost reach OpenObserve: it neither estimates tokens nor prices the call itself.
  expect(row).not.toHaveProperty('_double_usage_estimated');
  expect(row).not.toHaveProperty('_double_cost_computed');
});
