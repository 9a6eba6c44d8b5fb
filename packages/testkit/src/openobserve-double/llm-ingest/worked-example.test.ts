// The worked example of /work/shared/reference/openobserve-ingest.md, section 2 (OpenObserve HEAD
// fbab9b80, src/core/src/traces/otel/processor.rs and src/core/src/traces/mod.rs), run through the
// whole double: OTLP/JSON in, stored row out.
import { describe, expect, it } from 'vitest';
import { otlpJsonToRows } from '../otlp-json-to-rows.js';
import { type Json, makeRequest, makeSpan } from '../test-fixtures.js';

const str = (key: string, value: string): Json => ({ key, value: { stringValue: value } });
const int = (key: string, value: number): Json => ({ key, value: { intValue: value } });
const double = (key: string, value: number): Json => ({ key, value: { doubleValue: value } });

/** What our core sends for one chat completion (OpenInference and OTel GenAI attributes). */
const CHAT_SPAN_ATTRIBUTES: Json[] = [
  str('openinference.span.kind', 'LLM'),
  str('llm.system', 'openai'),
  str('llm.provider', 'openai'),
  str('gen_ai.system', 'openai'),
  str('portkey.provider', 'openai'),
  str('llm.model_name', 'gpt-4o-mini-2024-07-18'),
  str('gen_ai.request.model', 'gpt-4o-mini'),
  str('gen_ai.response.model', 'gpt-4o-mini-2024-07-18'),
  str('llm.invocation_parameters', '{"model":"gpt-4o-mini","temperature":0.2}'),
  str('input.mime_type', 'application/json'),
  str('input.value', '{"messages":[{"role":"user","content":"Hi"}]}'),
  str('output.mime_type', 'application/json'),
  str('output.value', '{"choices":[{"message":{"role":"assistant","content":"Hello!"}}]}'),
  str('llm.input_messages.0.message.role', 'user'),
  str('llm.input_messages.0.message.content', 'Hi'),
  str('llm.output_messages.0.message.role', 'assistant'),
  str('llm.output_messages.0.message.content', 'Hello!'),
  int('llm.token_count.prompt', 12),
  int('llm.token_count.completion', 20),
  int('llm.token_count.total', 32),
  double('gen_ai.usage.cost', 1.38e-5),
  double('llm.cost.total', 1.38e-5),
  str('session.id', 's1'),
  str('user.id', 'u1'),
];

function storedRow(attributes: Json[], llmIngest?: boolean, resource?: Json[]) {
  const result = otlpJsonToRows(makeRequest([makeSpan({ name: 'ChatCompletion', attributes })], resource), {
    stream: 'default',
    llmIngest,
  });
  expect(result.rejections).toEqual([]);
  return result.rows[0] ?? {};
}

describe('the LLM ingest step on a stored row (reference section 2)', () => {
  it('keeps, sets and removes the columns of the worked example', () => {
    const row = storedRow(CHAT_SPAN_ATTRIBUTES);
    expect(row).toMatchObject({
      // kept, as strings
      openinference_span_kind: 'LLM',
      llm_system: 'openai',
      llm_provider: 'openai',
      gen_ai_system: 'openai',
      portkey_provider: 'openai',
      llm_model_name: 'gpt-4o-mini-2024-07-18',
      gen_ai_request_model: 'gpt-4o-mini',
      llm_invocation_parameters: '{"model":"gpt-4o-mini","temperature":0.2}',
      input_mime_type: 'application/json',
      llm_token_count_prompt: '12',
      llm_token_count_completion: '20',
      llm_token_count_total: '32',
      llm_cost_total: '0.0000138',
      session_id: 's1',
      user_id: 'u1',
      // set by the step
      gen_ai_operation_name: 'chat',
      gen_ai_provider_name: 'openai',
      gen_ai_response_model: 'gpt-4o-mini-2024-07-18',
      gen_ai_request_temperature: '0.2',
      gen_ai_usage_input_tokens: 12,
      gen_ai_usage_output_tokens: 20,
      gen_ai_usage_total_tokens: 32,
      gen_ai_usage_cost: 1.38e-5,
      gen_ai_conversation_id: 's1',
      gen_ai_input_messages: '{"messages":[{"role":"user","content":"Hi"}]}',
      gen_ai_output_messages: '{"choices":[{"message":{"role":"assistant","content":"Hello!"}}]}',
    });
    for (const removed of [
      'input_value',
      'output_value',
      'llm_input_messages_0_message_role',
      'llm_input_messages_0_message_content',
      'llm_output_messages_0_message_role',
      'llm_output_messages_0_message_content',
      'gen_ai_usage_cost_input',
      'gen_ai_usage_cost_output',
      'llm_request_parameters_model',
      '_double_usage_estimated',
      '_double_cost_computed',
    ]) {
      expect(row, removed).not.toHaveProperty(removed);
    }
    expect(Object.keys(row).filter((column) => column.startsWith('gen_ai_request_'))).toEqual([
      'gen_ai_request_model',
      'gen_ai_request_temperature',
    ]);
  });

  it('writes gen_ai_agent_version and deployment_environment_name from the resource', () => {
    const row = storedRow(CHAT_SPAN_ATTRIBUTES, undefined, [
      str('service.name', 'svc'),
      str('service.version', '0.3.1'),
      str('deployment.environment', 'staging'),
    ]);
    expect(row).toMatchObject({
      service_name: 'svc',
      service_service_version: '0.3.1',
      gen_ai_agent_version: '0.3.1',
      deployment_environment_name: 'staging',
    });
  });

  it('stores gen_ai.input.messages verbatim over input.value (semconv variant)', () => {
    const row = storedRow([
      ...CHAT_SPAN_ATTRIBUTES,
      str('gen_ai.input.messages', '[{"role":"user","content":"Hi"}]'),
      str('gen_ai.output.messages', '[{"role":"assistant","content":"Hello!"}]'),
    ]);
    expect(row.gen_ai_input_messages).toBe('[{"role":"user","content":"Hi"}]');
    expect(row.gen_ai_output_messages).toBe('[{"role":"assistant","content":"Hello!"}]');
  });

  it('rebuilds llm.input_messages.* as [{"message":{role,content}}] when input.value is absent', () => {
    const row = storedRow(
      CHAT_SPAN_ATTRIBUTES.filter(
        (attribute) => !['input.value', 'output.value'].includes(String(attribute.key)),
      ),
    );
    expect(JSON.parse(String(row.gen_ai_input_messages))).toEqual([
      { message: { role: 'user', content: 'Hi' } },
    ]);
    expect(JSON.parse(String(row.gen_ai_output_messages))).toEqual([
      { message: { role: 'assistant', content: 'Hello!' } },
    ]);
  });

  it('falls into the gen_ai.prompt trap: gen_ai.prompt.name spreads into gen_ai_input_messages_name and the messages are lost', () => {
    const row = storedRow([
      ...CHAT_SPAN_ATTRIBUTES,
      str('gen_ai.input.messages', '[{"role":"user","content":"Hi"}]'),
      str('gen_ai.output.messages', '[{"role":"assistant","content":"Hello!"}]'),
      str('gen_ai.prompt.name', 'greeting'),
    ]);
    expect(row.gen_ai_input_messages_name).toBe('greeting');
    expect(row.gen_ai_prompt_name).toBe('greeting');
    expect(row).not.toHaveProperty('gen_ai_input_messages');
    expect(row).not.toHaveProperty('gen_ai_output_messages');
  });

  it('marks a chat without usage: OpenObserve would estimate its tokens and price them', () => {
    const row = storedRow(
      CHAT_SPAN_ATTRIBUTES.filter(
        (attribute) =>
          !String(attribute.key).startsWith('llm.token_count') && attribute.key !== 'gen_ai.usage.cost',
      ),
    );
    expect(row._double_usage_estimated).toBe('input,output');
    expect(row._double_cost_computed).toBe('gpt-4o-mini');
    expect(row).not.toHaveProperty('gen_ai_usage_input_tokens');
    expect(row).not.toHaveProperty('gen_ai_usage_cost');
  });

  it('marks a call OpenObserve priced itself, with the numbers of its table', () => {
    const row = storedRow(CHAT_SPAN_ATTRIBUTES.filter((attribute) => attribute.key !== 'gen_ai.usage.cost'));
    expect(row._double_cost_computed).toBe('gpt-4o-mini');
    expect(row).not.toHaveProperty('_double_usage_estimated');
    expect(row.gen_ai_usage_cost_input).toBeCloseTo(12 * 0.15e-6, 15);
    expect(row.gen_ai_usage_cost_output).toBeCloseTo(20 * 0.6e-6, 15);
    expect(row.gen_ai_usage_cost).toBeCloseTo(12 * 0.15e-6 + 20 * 0.6e-6, 15);
  });

  it('leaves a non-LLM span alone', () => {
    const row = storedRow([
      str('http.method', 'GET'),
      str('input_text', 'x'),
      int('gen_ai.usage.prompt_tokens', 5),
    ]);
    expect(row).not.toHaveProperty('gen_ai_operation_name');
    expect(row.gen_ai_usage_prompt_tokens).toBe('5'); // not one of the Int64 columns
  });

  it('stores spans as OpenObserve before v0.91 with llmIngest: false', () => {
    const row = storedRow(CHAT_SPAN_ATTRIBUTES, false);
    expect(row).toMatchObject({
      input_value: '{"messages":[{"role":"user","content":"Hi"}]}',
      output_value: '{"choices":[{"message":{"role":"assistant","content":"Hello!"}}]}',
      llm_input_messages_0_message_role: 'user',
      gen_ai_usage_cost: 1.38e-5,
    });
    expect(
      Object.keys(row).filter((column) => column.startsWith('gen_ai_') && column !== 'gen_ai_usage_cost'),
    ).toEqual(['gen_ai_system', 'gen_ai_request_model', 'gen_ai_response_model']);
    expect(storedRow([int('gen_ai.usage.prompt_tokens', 5)], false).gen_ai_usage_prompt_tokens).toBe(5);
  });
});
