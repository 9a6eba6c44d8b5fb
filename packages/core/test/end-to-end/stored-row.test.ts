import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import {
  type FakeOpenAI,
  type OpenObserveDouble,
  type OpenObserveRow,
  type PortkeyGateway,
  portkeyRoutingHeaders,
  startFakeOpenAI,
  startOpenObserve,
  startPortkeyGateway,
} from '@portobserve/testkit';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type InstrumentOpenAIOptions,
  instrumentOpenAI,
  openobserveSpanProcessor,
  withLLMContext,
} from '../../src/index.js';

// Calls through the real gateway, exported to two OpenObserve doubles at once: current OpenObserve
// (v0.91+, with its LLM ingest step) and OpenObserve before v0.91. Assertions are on the stored rows.
let gateway: PortkeyGateway;
let upstream: FakeOpenAI;
let current: OpenObserveDouble;
let before091: OpenObserveDouble;
let provider: NodeTracerProvider;
const undo: Array<() => void> = [];

beforeAll(async () => {
  [gateway, upstream, current, before091] = await Promise.all([
    startPortkeyGateway(),
    startFakeOpenAI(),
    startOpenObserve(),
    startOpenObserve({ llmIngest: false }),
  ]);
  // withLLMContext rides on the OpenTelemetry context: what openobserveInit() sets up.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'stored-row' }),
    spanProcessors: [current, before091].map((double) =>
      openobserveSpanProcessor({ url: double.url, authToken: double.authToken, strict: true }),
    ),
  });
});
afterEach(() => {
  for (const step of undo.splice(0)) step();
  upstream.reset();
  current.reset();
  before091.reset();
});
afterAll(async () => {
  await provider.shutdown();
  context.disable();
  await Promise.all([gateway.stop(), upstream.close(), current.close(), before091.close()]);
});

function client(options: InstrumentOpenAIOptions = {}): OpenAI {
  const openai = new OpenAI({
    apiKey: 'sk-stored-row-test',
    baseURL: gateway.baseURL,
    defaultHeaders: portkeyRoutingHeaders(upstream.baseURL, 'sk-stored-row-test'),
    maxRetries: 0,
  });
  undo.push(instrumentOpenAI(openai, { ...options, tracerProvider: provider }));
  return openai;
}

async function storedRows(): Promise<{ row: OpenObserveRow; old: OpenObserveRow }> {
  await provider.forceFlush();
  const [row, ...more] = current.rows();
  const [old] = before091.rows();
  expect(more).toEqual([]);
  expect(row).toBeDefined();
  expect(old).toBeDefined();
  for (const stored of [row, old]) {
    expect(JSON.stringify(stored)).not.toContain('sk-stored-row-test');
  }
  return { row: row as OpenObserveRow, old: old as OpenObserveRow };
}

/** The seed document's table: present on every OpenObserve version. */
function expectSeedColumns(
  row: OpenObserveRow,
  served: string,
  usage: { prompt: number; completion: number },
) {
  expect(row).toMatchObject({
    llm_model_name: served,
    llm_request_parameters_model: 'gpt-4o-mini',
    gen_ai_response_model: served,
    llm_system: 'openai',
    llm_token_count_prompt: String(usage.prompt),
    llm_token_count_completion: String(usage.completion),
    llm_token_count_total: String(usage.prompt + usage.completion),
    openinference_span_kind: 'LLM',
    operation_name: 'ChatCompletion',
    span_status: 'OK',
  });
  expect(row.duration).toBeGreaterThan(0);
}

/** OpenObserve got our counts and cost: it neither estimates tokens nor prices the call itself. */
function expectOurUsage(row: OpenObserveRow, usage: { prompt: number; completion: number }) {
  expect(row).toMatchObject({
    gen_ai_usage_input_tokens: usage.prompt,
    gen_ai_usage_output_tokens: usage.completion,
    gen_ai_usage_total_tokens: usage.prompt + usage.completion,
  });
  expect(row.gen_ai_usage_cost).toBeGreaterThan(0);
  expect(row).not.toHaveProperty('_double_usage_estimated');
  expect(row).not.toHaveProperty('_double_cost_computed');
}

describe('a chat call, as OpenObserve stores it', () => {
  it('holds the conversation, our counts and cost, the served provider and model, and the LLM context', async () => {
    upstream.enqueue({
      content: 'A place for your traces.',
      usage: { promptTokens: 14, completionTokens: 6 },
    });
    const completion = await withLLMContext({ sessionId: 'chat-42', userId: 'u-7' }, () =>
      client().chat.completions.create({
        model: 'gpt-4o-mini',
        temperature: 0.2,
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'What is OpenObserve?' },
        ],
      }),
    );
    const { row, old } = await storedRows();
    expectSeedColumns(row, completion.model, { prompt: 14, completion: 6 });
    expectSeedColumns(old, completion.model, { prompt: 14, completion: 6 });
    expectOurUsage(row, { prompt: 14, completion: 6 });
    expect(row).toMatchObject({
      gen_ai_operation_name: 'chat',
      gen_ai_provider_name: 'openai',
      gen_ai_request_model: 'gpt-4o-mini',
      gen_ai_request_temperature: '0.2',
      portkey_provider: 'openai',
      user_id: 'u-7',
      gen_ai_conversation_id: 'chat-42',
      service_name: 'stored-row',
    });
    expect(JSON.parse(String(row.gen_ai_input_messages))).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'What is OpenObserve?' },
    ]);
    expect(JSON.parse(String(row.gen_ai_output_messages))).toEqual([
      { role: 'assistant', content: 'A place for your traces.', finish_reason: 'stop' },
    ]);
    // What OpenObserve deletes once it has copied it.
    expect(
      Object.keys(row).filter((key) => key.startsWith('llm_input_messages') || key === 'input_value'),
    ).toEqual([]);
  });

  it('a streamed call carries our token counts (we asked for the usage chunk)', async () => {
    upstream.enqueue({ content: 'one two three', usage: { promptTokens: 8, completionTokens: 3 } });
    const stream = await client().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Count' }],
      stream: true,
    });
    for await (const _chunk of stream) {
      // drain
    }
    const { row, old } = await storedRows();
    expectSeedColumns(row, 'gpt-4o-mini-2024-07-18', { prompt: 8, completion: 3 });
    expectSeedColumns(old, 'gpt-4o-mini-2024-07-18', { prompt: 8, completion: 3 });
    expectOurUsage(row, { prompt: 8, completion: 3 });
    expect(row.portobserve_stream_end).toBe('complete');
    expect(Number(row.gen_ai_response_time_to_first_chunk)).toBeGreaterThan(0);
  });

  it('tool calls: the answer’s calls in gen_ai_output_messages, the tools in gen_ai_tool_definitions', async () => {
    upstream.enqueue({ toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }] });
    const tool = {
      type: 'function' as const,
      function: {
        name: 'get_weather',
        parameters: { type: 'object', properties: { city: { type: 'string' } } },
      },
    };
    const completion = await client().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [tool],
    });
    const { row } = await storedRows();
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(JSON.parse(String(row.gen_ai_output_messages))).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: call?.id,
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
        ],
        finish_reason: 'tool_calls',
      },
    ]);
    expect(JSON.parse(String(row.gen_ai_tool_definitions))).toEqual([tool]);
    expect(row).not.toHaveProperty('_double_usage_estimated');
  });

  it('without content: no messages, the same counts and cost', async () => {
    upstream.enqueue({ content: 'secret answer', usage: { promptTokens: 5, completionTokens: 2 } });
    await client({ captureContent: false }).chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'secret prompt' }],
    });
    const { row } = await storedRows();
    expectOurUsage(row, { prompt: 5, completion: 2 });
    expect(row).not.toHaveProperty('gen_ai_input_messages');
    expect(row).not.toHaveProperty('gen_ai_output_messages');
    expect(JSON.stringify(row)).not.toContain('secret');
  });

  it('with contentFormat openinference: OpenObserve shows input.value, the raw request, as the input', async () => {
    upstream.enqueue({ content: 'ok', usage: { promptTokens: 5, completionTokens: 1 } });
    await client({ contentFormat: 'openinference' }).chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'raw' }],
    });
    const { row, old } = await storedRows();
    expect(JSON.parse(String(row.gen_ai_input_messages))).toMatchObject({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'raw' }],
    });
    expect(old.llm_input_messages_0_message_content, 'kept before v0.91').toBe('raw');
    expect(row).not.toHaveProperty('llm_input_messages_0_message_content');
    expectOurUsage(row, { prompt: 5, completion: 1 });
  });
});

/** Columns that only the OpenInference names make (`openInferenceAttributes: false` sends none). */
function openInferenceColumns(row: OpenObserveRow): string[] {
  return Object.keys(row).filter(
    (key) => key.startsWith('llm_') || key.startsWith('openinference_') || key.startsWith('embedding_'),
  );
}

describe('with openInferenceAttributes false: GenAI names only', () => {
  it('a chat call: every gen_ai column as before, our counts and cost, and no llm_* column', async () => {
    upstream.enqueue({ content: 'Short.', usage: { promptTokens: 11, completionTokens: 3 } });
    const completion = await withLLMContext({ sessionId: 'chat-43', userId: 'u-8' }, () =>
      client({ openInferenceAttributes: false }).chat.completions.create({
        model: 'gpt-4o-mini',
        temperature: 0.5,
        messages: [{ role: 'user', content: 'Be short.' }],
      }),
    );
    const { row, old } = await storedRows();
    expectOurUsage(row, { prompt: 11, completion: 3 });
    expect(row).toMatchObject({
      gen_ai_operation_name: 'chat',
      gen_ai_provider_name: 'openai',
      gen_ai_request_model: 'gpt-4o-mini',
      gen_ai_response_model: completion.model,
      gen_ai_request_temperature: '0.5',
      user_id: 'u-8',
      gen_ai_conversation_id: 'chat-43',
      operation_name: 'ChatCompletion',
      span_status: 'OK',
    });
    expect(JSON.parse(String(row.gen_ai_input_messages))).toEqual([{ role: 'user', content: 'Be short.' }]);
    expect(old).toMatchObject({
      gen_ai_operation_name: 'chat',
      gen_ai_response_model: completion.model,
      gen_ai_usage_input_tokens: 11,
      gen_ai_usage_output_tokens: 3,
      session_id: 'chat-43',
      user_id: 'u-8',
    });
    expect(Number(old.gen_ai_usage_cost)).toBeGreaterThan(0);
    expect(openInferenceColumns(row)).toEqual([]);
    expect(openInferenceColumns(old)).toEqual([]);
  });

  it('embeddings: the model and counts under their GenAI names only', async () => {
    upstream.enqueue({ usage: { promptTokens: 4 } });
    await client({ openInferenceAttributes: false }).embeddings.create({
      model: 'text-embedding-3-small',
      input: ['vector me'],
    });
    const { row, old } = await storedRows();
    expect(row).toMatchObject({
      gen_ai_operation_name: 'embeddings',
      gen_ai_request_model: 'text-embedding-3-small',
      gen_ai_usage_input_tokens: 4,
    });
    expect(row).not.toHaveProperty('_double_usage_estimated');
    expect(openInferenceColumns(row)).toEqual([]);
    expect(openInferenceColumns(old)).toEqual([]);
  });
});

describe('other endpoints, as OpenObserve stores them', () => {
  it('embeddings: the texts as input, our counts and cost', async () => {
    upstream.enqueue({ usage: { promptTokens: 4 } });
    await client().embeddings.create({ model: 'text-embedding-3-small', input: ['vector me'] });
    const { row } = await storedRows();
    expect(row).toMatchObject({
      operation_name: 'Embeddings',
      gen_ai_operation_name: 'embeddings',
      openinference_span_kind: 'EMBEDDING',
      gen_ai_usage_input_tokens: 4,
      gen_ai_request_model: 'text-embedding-3-small',
    });
    expect(JSON.parse(String(row.gen_ai_input_messages))).toEqual([{ role: 'user', content: 'vector me' }]);
    expect(row).not.toHaveProperty('gen_ai_output_messages');
    expect(row).not.toHaveProperty('_double_usage_estimated');
    expect(row.gen_ai_usage_cost).toBeGreaterThan(0);
  });

  it('the Responses API: instructions in gen_ai_system_instructions, the answer, our counts', async () => {
    upstream.enqueue({ content: 'Bonjour.', usage: { promptTokens: 9, completionTokens: 2 } });
    await client().responses.create({
      model: 'gpt-4o-mini',
      instructions: 'Answer in French.',
      input: 'Hello',
    });
    const { row } = await storedRows();
    expect(row.operation_name).toBe('Response');
    expect(JSON.parse(String(row.gen_ai_system_instructions))).toEqual([
      { type: 'text', content: 'Answer in French.' },
    ]);
    expect(JSON.parse(String(row.gen_ai_input_messages))).toEqual([{ role: 'user', content: 'Hello' }]);
    expect(JSON.parse(String(row.gen_ai_output_messages))).toEqual([
      { role: 'assistant', content: 'Bonjour.', finish_reason: 'stop' },
    ]);
    expectOurUsage(row, { prompt: 9, completion: 2 });
  });

  it('a 429: an ERROR row with no tokens and no cost (nothing for OpenObserve to estimate from)', async () => {
    upstream.enqueue({ status: 429 });
    await expect(
      client().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }),
    ).rejects.toThrow();
    const { row } = await storedRows();
    expect(row).toMatchObject({
      span_status: 'ERROR',
      error_type: '429',
      gen_ai_usage_input_tokens: 0,
      gen_ai_usage_cost: 0,
    });
    // OpenObserve prices the zero counts with its table (0 USD), but has no content to estimate from.
    expect(row).not.toHaveProperty('_double_usage_estimated');
  });
});
