// Facts from OpenObserve's tests in src/core/src/traces/otel/processor.rs (test_process_span_*) and
// src/core/src/traces/otel/mod.rs (test_integration_*, test_complete_processing_workflow,
// test_tool_call_detection, test_multiple_framework_attributes), HEAD fbab9b80. Rust's json!(12)
// arrives over OTLP as "12" (get_val), so span numbers are written as strings here.
import { describe, expect, it } from 'vitest';
import { event, processed } from './test-attributes.js';

const CHAT = {
  'gen_ai.operation.name': 'chat',
  'gen_ai.input.messages': '[{"role":"user"}]',
  'gen_ai.output.messages': '[{"role":"assistant"}]',
};

describe('processLlmSpan (OtelIngestionProcessor)', () => {
  it('deletes the input/output attributes and writes them back under gen_ai keys (test_process_span_removes_input_output_attrs)', () => {
    const { span } = processed({ ...CHAT, 'user.id': 'user-123', 'gen_ai.request.model': 'gpt-4' });
    expect(span.get('gen_ai.input.messages')).toBe('[{"role":"user"}]');
    expect(span.get('gen_ai.output.messages')).toBe('[{"role":"assistant"}]');
    expect(span.get('gen_ai.operation.name')).toBe('chat');
    expect(span.get('gen_ai.response.model')).toBe('gpt-4');
    expect(span.get('user.id')).toBe('user-123');
    expect(span.get('gen_ai.request.model')).toBe('gpt-4');
  });

  it('moves input.value / output.value to gen_ai.*.messages and drops llm.*_messages.*', () => {
    const { span } = processed({
      'openinference.span.kind': 'LLM',
      'input.value': '{"messages":[{"role":"user","content":"Hi"}]}',
      'input.mime_type': 'application/json',
      'output.value': '{"choices":[]}',
      'llm.input_messages.0.message.role': 'user',
      'llm.input_messages.0.message.content': 'Hi',
      'llm.output_messages.0.message.role': 'assistant',
    });
    expect(span.get('gen_ai.input.messages')).toBe('{"messages":[{"role":"user","content":"Hi"}]}');
    expect(span.get('gen_ai.output.messages')).toBe('{"choices":[]}');
    expect(span.get('input.mime_type')).toBe('application/json');
    for (const gone of [
      'input.value',
      'output.value',
      'llm.input_messages.0.message.role',
      'llm.output_messages.0.message.role',
    ]) {
      expect(span.has(gone), gone).toBe(false);
    }
  });

  it('writes the provider and keeps the source attribute (test_process_span_extracts_provider_name, _from_system, _from_vercel_ai)', () => {
    expect(
      processed({ 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai' }).span.get(
        'gen_ai.provider.name',
      ),
    ).toBe('openai');
    const fromSystem = processed({ 'gen_ai.operation.name': 'chat', 'gen_ai.system': 'anthropic' }).span;
    expect(fromSystem.get('gen_ai.provider.name')).toBe('anthropic');
    expect(fromSystem.get('gen_ai.system')).toBe('anthropic');
    const vercel = processed({
      'gen_ai.operation.name': 'chat',
      'ai.model.id': 'gemini-pro',
      'ai.model.provider': 'google',
    }).span;
    expect(vercel.get('gen_ai.provider.name')).toBe('google');
  });

  it('writes the agent fields (test_process_span_emits_standard_agent_fields)', () => {
    const { span } = processed({
      'gen_ai.operation.name': 'chat',
      'gen_ai.agent.name': 'agent-a',
      'gen_ai.agent.id': 'agent-1',
    });
    expect(span.get('gen_ai.agent.name')).toBe('agent-a');
    expect(span.get('gen_ai.agent.id')).toBe('agent-1');
  });

  it('turns a resource service.version and deployment.environment into agent fields on every LLM span', () => {
    const { span } = processed(
      { 'gen_ai.operation.name': 'chat' },
      {
        resource: {
          'service.name': 'svc',
          'service_service.version': '1.2.0',
          'service_deployment.environment': 'test',
        },
      },
    );
    expect(span.get('gen_ai.agent.version')).toBe('1.2.0');
    expect(span.get('deployment.environment.name')).toBe('test');
  });

  it('writes the tool fields, arguments and result back after deleting them (test_process_span_extracts_tool_fields)', () => {
    const { span } = processed({
      'gen_ai.operation.name': 'tool',
      'gen_ai.tool.name': 'get_weather',
      'gen_ai.tool.call.id': 'call_12345',
      'gen_ai.tool.call.arguments': '{"city": "San Francisco"}',
      'gen_ai.tool.call.result': '{"temperature": 72}',
    });
    expect(span.get('gen_ai.operation.name')).toBe('execute_tool');
    expect(span.get('gen_ai.tool.name')).toBe('get_weather');
    expect(span.get('gen_ai.tool.call.id')).toBe('call_12345');
    expect(span.get('gen_ai.tool.call.arguments')).toBe('{"city": "San Francisco"}');
    expect(span.get('gen_ai.tool.call.result')).toBe('{"temperature": 72}');
    expect(span.get('gen_ai.input.messages')).toBe('{"city": "San Francisco"}');
  });

  it('reads langfuse spans (test_process_span_extracts_langfuse_attributes)', () => {
    const { span } = processed({
      'langfuse.observation.type': 'span',
      'langfuse.observation.input': '{"file_path": "/Users/test/file.md"}',
      'langfuse.observation.output': 'File content here...',
      'langfuse.observation.metadata.tool.name': 'Read',
      'langfuse.observation.metadata.tool.id': 'toolu_01T1Mfo98ePBYgoRXG3yPkWt',
      operation_name: 'Tool: Read',
    });
    expect(span.get('gen_ai.input.messages')).toBe('{"file_path": "/Users/test/file.md"}');
    expect(span.get('gen_ai.output.messages')).toBe('File content here...');
    expect(span.get('gen_ai.tool.name')).toBe('Read');
    expect(span.get('gen_ai.tool.call.id')).toBe('toolu_01T1Mfo98ePBYgoRXG3yPkWt');
    expect(span.has('langfuse.observation.input')).toBe(false);
    expect(span.has('langfuse.observation.output')).toBe(false);
    expect(span.get('langfuse.observation.metadata.tool.name')).toBe('Read');
    expect(span.get('langfuse.observation.type')).toBe('span');
    expect(span.get('operation_name')).toBe('Tool: Read');
  });

  it('writes parameters as gen_ai.request.<name> strings, never model', () => {
    const { span } = processed({
      'openinference.span.kind': 'LLM',
      'llm.invocation_parameters': '{"model":"gpt-4o-mini","temperature":0.2,"max_tokens":100}',
    });
    expect(span.get('gen_ai.request.temperature')).toBe('0.2');
    expect(span.get('gen_ai.request.max_tokens')).toBe('100');
    expect(span.has('gen_ai.request.model')).toBe(false);
    expect(span.get('llm.invocation_parameters')).toBe(
      '{"model":"gpt-4o-mini","temperature":0.2,"max_tokens":100}',
    );
  });

  it('writes user, conversation and scalar usage (test_integration_complete_flow, test_complete_processing_workflow)', () => {
    const { span, markers } = processed(
      {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'gpt-4',
        'gen_ai.response.model': 'gpt-4o-2024-08-06',
        'gen_ai.request.temperature': '0.7',
        'gen_ai.request.max_tokens': '1000',
        'gen_ai.input.messages': '[{"role":"user","content":"Hello AI!"}]',
        'gen_ai.output.messages': '[{"role":"assistant","content":"Hello! How can I help?"}]',
        'gen_ai.usage.input_tokens': '12',
        'gen_ai.usage.output_tokens': '8',
        'gen_ai.usage.cost': '0.00042',
        'user.id': 'user-789',
        'gen_ai.conversation.id': 'conv-123',
      },
      {
        resource: {
          'service.name': 'my-ai-chatbot',
          'service.version': '1.2.0',
          'deployment.environment.name': 'production',
        },
        scopeName: 'openai',
      },
    );
    expect(span.get('gen_ai.operation.name')).toBe('chat');
    expect(span.get('gen_ai.response.model')).toBe('gpt-4o-2024-08-06');
    expect(span.get('gen_ai.usage.input_tokens')).toBe('12');
    expect(span.get('gen_ai.usage.output_tokens')).toBe('8');
    expect(span.get('gen_ai.usage.total_tokens')).toBe(20);
    expect(span.get('gen_ai.usage.cost')).toBe('0.00042');
    expect(span.get('user.id')).toBe('user-789');
    expect(span.get('gen_ai.conversation.id')).toBe('conv-123');
    expect(span.get('gen_ai.request.temperature')).toBe('0.7');
    expect(span.get('gen_ai.request.max_tokens')).toBe('1000');
    expect(span.get('gen_ai.agent.version')).toBe('1.2.0');
    expect(span.get('deployment.environment.name')).toBe('production');
    expect(markers).toEqual({});
  });

  it('maps the Vercel AI SDK (test_integration_vercel_ai_sdk, test_vercel_ai_sdk_processing)', () => {
    const { span } = processed(
      {
        'ai.model.id': 'gpt-4',
        'ai.prompt.messages': '[{"role":"user","content":"Test"}]',
        'ai.response.text': 'Response',
        'gen_ai.usage.input_tokens': '5',
        'gen_ai.usage.output_tokens': '3',
        'ai.telemetry.metadata.userId': 'user-456',
        'ai.telemetry.metadata.sessionId': 'session-789',
      },
      { scopeName: 'ai' },
    );
    expect(span.get('gen_ai.operation.name')).toBe('chat');
    expect(span.get('gen_ai.response.model')).toBe('gpt-4');
    expect(span.get('user.id')).toBe('user-456');
    expect(span.get('gen_ai.conversation.id')).toBe('session-789');
    expect(span.get('gen_ai.input.messages')).toBe('[{"role":"user","content":"Test"}]');
    expect(span.get('gen_ai.output.messages')).toBe('Response');
    expect(span.has('ai.prompt.messages')).toBe(false);
  });

  it('maps tool calls and embeddings (test_integration_tool_call, test_integration_embedding, test_embedding_detection)', () => {
    const tool = processed({
      'gen_ai.tool.name': 'search_database',
      'gen_ai.tool.call.id': 'call_abc123',
      'gen_ai.tool.call.arguments': '{"query":"find users"}',
      'gen_ai.tool.call.result': '{"count":42,"results":[...]}',
    }).span;
    expect(tool.get('gen_ai.operation.name')).toBe('execute_tool');
    expect(tool.get('gen_ai.input.messages')).toBe('{"query":"find users"}');
    expect(tool.get('gen_ai.output.messages')).toBe('{"count":42,"results":[...]}');
    const embedding = processed({
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.request.model': 'text-embedding-ada-002',
      'gen_ai.usage.input_tokens': '50',
    });
    expect(embedding.span.get('gen_ai.operation.name')).toBe('embeddings');
    expect(embedding.span.get('gen_ai.response.model')).toBe('text-embedding-ada-002');
    expect(embedding.span.get('gen_ai.usage.cost.input')).toBeCloseTo(50 * 0.1e-6, 15);
    expect(embedding.markers.costComputed).toBe('text-embedding-ada-002');
  });

  it('builds the input and output from gen_ai events (test_integration_with_gen_ai_events)', () => {
    const { span } = processed(
      { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'claude-3' },
      {
        events: [
          event('gen_ai.user.message', { content: 'What is the weather?' }),
          event('gen_ai.choice', { finish_reason: 'stop', 'message.content': 'The weather is sunny.' }),
        ],
      },
    );
    expect(span.get('gen_ai.input.messages')).toEqual([{ role: 'user', content: 'What is the weather?' }]);
    expect(span.get('gen_ai.output.messages')).toEqual({
      finish_reason: 'stop',
      'message.content': 'The weather is sunny.',
    });
  });

  it('maps legacy prompt/completion token names (test_integration_backward_compatibility)', () => {
    const { span } = processed({
      'gen_ai.usage.prompt_tokens': '100',
      'gen_ai.usage.completion_tokens': '50',
    });
    expect(span.get('gen_ai.usage.input_tokens')).toBe(100);
    expect(span.get('gen_ai.usage.output_tokens')).toBe(50);
    expect(span.get('gen_ai.operation.name')).toBe('span');
  });

  it('ranks openinference.span.kind over the model fallback (test_multiple_framework_attributes)', () => {
    const { span } = processed({
      'openinference.span.kind': 'LLM',
      'gen_ai.response.model': 'claude-3',
      'gen_ai.usage.input_tokens': '200',
    });
    expect(span.get('gen_ai.operation.name')).toBe('chat');
    expect(span.get('gen_ai.usage.input_tokens')).toBe('200');
  });

  describe('cost', () => {
    it('prices from the built-in table when no cost is sent (test_process_span_calculates_cost_from_tokens)', () => {
      const { span, markers } = processed({
        ...CHAT,
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.usage.input_tokens': '1000',
        'gen_ai.usage.output_tokens': '500',
      });
      expect(span.get('gen_ai.usage.cost.input')).toBe(0.0025);
      expect(span.get('gen_ai.usage.cost.output')).toBe(0.005);
      expect(span.get('gen_ai.usage.cost')).toBe(0.0075);
      expect(markers).toEqual({ costComputed: 'gpt-4o' });
    });

    it('prices deepseek and claude tiers (test_process_span_calculates_deepseek_cost_*, _claude_sonnet, _extended_context)', () => {
      const deepseek = processed({
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'deepseek-v4-pro',
        'gen_ai.usage.input_tokens': '1000',
        'gen_ai.usage.output_tokens': '500',
      }).span;
      expect(deepseek.get('gen_ai.usage.cost')).toBeCloseTo(0.00087, 12);
      const sonnet = (input: string) =>
        processed({
          ...CHAT,
          'gen_ai.request.model': 'claude-sonnet-4-6',
          'gen_ai.usage.input_tokens': input,
          'gen_ai.usage.output_tokens': '10000',
        }).span.get('gen_ai.usage.cost') as number;
      expect(sonnet('50000')).toBeCloseTo(0.3, 10);
      expect(sonnet('250000')).toBeCloseTo(1.725, 10);
    });

    it('keeps the cost the client sent and does not split it (test_process_span_preserves_existing_cost)', () => {
      const { span, markers } = processed({
        ...CHAT,
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.usage.input_tokens': '1000',
        'gen_ai.usage.output_tokens': '500',
        'gen_ai.usage.cost': '0.999',
      });
      expect(span.get('gen_ai.usage.cost')).toBe('0.999');
      expect(span.has('gen_ai.usage.cost.input')).toBe(false);
      expect(markers).toEqual({});
    });

    it('prices a cost of 0 itself: only a cost above zero counts as sent', () => {
      const { span, markers } = processed({
        ...CHAT,
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.usage.input_tokens': '1000',
        'gen_ai.usage.output_tokens': '500',
        'gen_ai.usage.cost': '0',
      });
      expect(span.get('gen_ai.usage.cost')).toBe('0');
      expect(span.get('gen_ai.usage.cost.input')).toBe(0.0025);
      expect(markers.costComputed).toBe('gpt-4o');
    });

    it('writes a total of 0 for an unknown model (test_process_span_no_cost_calculation_for_unknown_model)', () => {
      const { span, markers } = processed({
        ...CHAT,
        'gen_ai.request.model': 'unknown-model-xyz-2024',
        'gen_ai.usage.input_tokens': '1000',
        'gen_ai.usage.output_tokens': '500',
      });
      expect(span.get('gen_ai.usage.cost')).toBe(0);
      expect(markers).toEqual({});
    });

    it('prices a cached input without the cache tokens (input_includes_cache)', () => {
      const { span } = processed({
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.usage.input_tokens': '1200',
        'gen_ai.usage.output_tokens': '300',
        'gen_ai.usage.cache_read.input_tokens': '200',
      });
      expect(span.get('gen_ai.usage.cost.input')).toBeCloseTo((1000 / 1e6) * 0.15, 15);
      expect(span.get('gen_ai.usage.total_tokens')).toBe(1500);
      expect(span.get('gen_ai.usage.cache_read.input_tokens')).toBe('200');
    });

    it('adds native cache tokens to the total (test_process_span_prices_legacy_cached_tokens_as_additional_cache_read)', () => {
      const { span } = processed({
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'deepseek-v4-pro',
        'gen_ai.usage.input_tokens': '13890',
        'gen_ai.usage.cached_tokens': '49920',
        'gen_ai.usage.output_tokens': '381',
      });
      expect(span.get('gen_ai.usage.total_tokens')).toBe(64_191);
      expect(span.get('gen_ai.usage.cache_read.input_tokens')).toBe(49_920);
    });
  });

  describe('usage the client did not send', () => {
    it('marks the counts OpenObserve would estimate with its tokenizer, and writes none of them (test_process_span_calculates_cost_with_zero_tokens)', () => {
      const { span, markers } = processed({
        ...CHAT,
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.usage.input_tokens': '0',
        'gen_ai.usage.output_tokens': '0',
      });
      expect(markers).toEqual({ usageEstimated: 'input,output', costComputed: 'gpt-4o' });
      expect(span.get('gen_ai.usage.input_tokens')).toBe('0'); // the client's value is kept
      expect(span.has('gen_ai.usage.total_tokens')).toBe(false);
      expect(span.has('gen_ai.usage.cost')).toBe(false); // OpenObserve's would be > 0, from the estimate
    });

    it('estimates only a generation or embedding whose input or output was found', () => {
      expect(processed({ 'gen_ai.operation.name': 'chat', 'input.value': 'hi' }).markers.usageEstimated).toBe(
        'input',
      );
      expect(processed({ 'gen_ai.operation.name': 'execute_tool', 'input.value': 'hi' }).markers).toEqual({});
      const nothingFound = processed({ 'gen_ai.operation.name': 'chat' });
      expect(nothingFound.markers).toEqual({});
      expect(Object.fromEntries(nothingFound.span)).toMatchObject({
        'gen_ai.usage.input_tokens': 0,
        'gen_ai.usage.output_tokens': 0,
        'gen_ai.usage.total_tokens': 0,
        'gen_ai.usage.cost': 0,
      });
    });

    it('does not estimate a count the client sent, and prices with what it knows', () => {
      const { span, markers } = processed({
        ...CHAT,
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.usage.input_tokens': '1000',
      });
      expect(markers).toEqual({ usageEstimated: 'output', costComputed: 'gpt-4o' });
      expect(span.get('gen_ai.usage.cost.input')).toBe(0.0025);
      expect(span.has('gen_ai.usage.cost.output')).toBe(false);
      expect(span.has('gen_ai.usage.output_tokens')).toBe(false);
    });
  });

  it('keeps a client value over its own (insert_if_absent) but prices with the llm.token_count.* override', () => {
    const { span } = processed({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': '1',
      'llm.token_count.prompt': '1000',
      'llm.token_count.completion': '500',
    });
    expect(span.get('gen_ai.usage.input_tokens')).toBe('1');
    expect(span.get('gen_ai.usage.output_tokens')).toBe(500);
    expect(span.get('gen_ai.usage.total_tokens')).toBe(1500);
    expect(span.get('gen_ai.usage.cost.input')).toBe(0.0025);
  });
});
