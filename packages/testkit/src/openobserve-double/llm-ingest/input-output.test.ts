// Facts from OpenObserve's tests in src/core/src/traces/otel/extractors/input_output.rs
// (test_is_input_output_attribute*, test_extract_traceloop_nested, test_extract_openinference_nested,
// test_convert_key_path_*, test_build_array_capped_at_max_index, test_extract_langfuse_input_output)
// and src/core/src/traces/otel/mod.rs (test_integration_with_gen_ai_events), HEAD fbab9b80.
import { describe, expect, it } from 'vitest';
import { extractInputOutput } from './input-output.js';
import { isInputOutputAttribute } from './input-output-attributes.js';
import { keyPathToValue } from './key-path-object.js';
import { attributes, event } from './test-attributes.js';

describe('isInputOutputAttribute (is_input_output_attribute)', () => {
  it.each([
    'gen_ai.input.messages',
    'gen_ai.output.messages',
    'gen_ai.prompt.0.role',
    'gen_ai.prompt.name',
    'gen_ai.completion.0.content',
    'llm.input_messages.0.content',
    'llm.output_messages.0.message.role',
    'ai.prompt.messages',
    'input.value',
    'output.value',
    'input',
    'output',
    'gen_ai.tool.call.arguments',
    'gen_ai.tool.call.result',
    'traceloop.entity.input',
    'langfuse.observation.input',
    'langfuse.observation.output',
    'mlflow.spanInputs',
    'lk.response.text',
    'tool_arguments',
  ])('deletes %s', (key) => {
    expect(isInputOutputAttribute(key)).toBe(true);
  });

  it.each([
    'user.id',
    'gen_ai.request.model',
    'input.mime_type',
    'output.mime_type',
    'gen_ai.system_instructions',
    'langfuse.observation.metadata.tool.name',
    'langfuse.observation.type',
    'llm.invocation_parameters',
    'llm.token_count.prompt',
  ])('keeps %s', (key) => {
    expect(isInputOutputAttribute(key)).toBe(false);
  });
});

describe('keyPathToValue (convert_key_path_to_nested_object)', () => {
  it('rebuilds numbered keys as an array (test_convert_key_path_array)', () => {
    const value = keyPathToValue(
      attributes({
        'messages.0.role': 'user',
        'messages.0.content': 'Hello',
        'messages.1.role': 'assistant',
        'messages.1.content': 'Hi',
      }),
      'messages',
    );
    expect(value).toEqual([
      { role: 'user', content: 'Hello' },
      { role: 'assistant', content: 'Hi' },
    ]);
  });

  it('rebuilds OpenInference messages as [{"message":{role,content}}]', () => {
    const value = keyPathToValue(
      attributes({
        'llm.input_messages.0.message.role': 'system',
        'llm.input_messages.0.message.content': 'Be brief.',
        'llm.input_messages.1.message.role': 'user',
        'llm.input_messages.1.message.content': 'Hi',
      }),
      'llm.input_messages',
    );
    expect(value).toEqual([
      { message: { role: 'system', content: 'Be brief.' } },
      { message: { role: 'user', content: 'Hi' } },
    ]);
  });

  it('rebuilds other keys as a nested object (test_convert_key_path_simple_object, _nested)', () => {
    expect(keyPathToValue(attributes({ 'test.name': 'Alice', 'test.age': '30' }), 'test')).toEqual({
      name: 'Alice',
      age: '30',
    });
    expect(keyPathToValue(attributes({ 'obj.user.name': 'Bob', 'obj.user.age': '25' }), 'obj')).toEqual({
      user: { name: 'Bob', age: '25' },
    });
  });

  it('returns the prefix key itself when present (test_convert_key_path_direct_key_returns_value)', () => {
    expect(
      keyPathToValue(attributes({ messages: '[{"role":"user"}]', 'messages.0.role': 'x' }), 'messages'),
    ).toBe('[{"role":"user"}]');
  });

  it('returns null without keys under the prefix (test_convert_key_path_*_returns_null)', () => {
    expect(keyPathToValue(attributes({}), 'nonexistent')).toBeNull();
    expect(keyPathToValue(attributes({ 'other.field': 'value' }), 'prefix')).toBeNull();
    expect(keyPathToValue(attributes({ 'prefixed.x': 'value' }), 'prefix')).toBeNull();
  });

  it('caps the array at index 100 (test_build_array_capped_at_max_index)', () => {
    const value = keyPathToValue(attributes({ 'msg.0.role': 'user', 'msg.200.role': 'overflow' }), 'msg');
    expect(Array.isArray(value) && value.length).toBe(101);
    expect(JSON.stringify(value)).not.toContain('overflow');
  });
});

describe('extractInputOutput (InputOutputExtractor::extract)', () => {
  it('reads traceloop gen_ai.prompt.* / gen_ai.completion.* (test_extract_traceloop_nested)', () => {
    const found = extractInputOutput(
      [],
      attributes({
        'gen_ai.prompt.0.role': 'user',
        'gen_ai.prompt.0.content': 'Hello',
        'gen_ai.completion.0.role': 'assistant',
        'gen_ai.completion.0.content': 'Hi',
      }),
      undefined,
    );
    expect(found).toEqual({
      input: [{ role: 'user', content: 'Hello' }],
      output: [{ role: 'assistant', content: 'Hi' }],
    });
  });

  it('lets gen_ai.prompt.name make the input {"name":…} and hide gen_ai.input.messages (the prefix trap)', () => {
    const found = extractInputOutput(
      [],
      attributes({
        'gen_ai.input.messages': '[{"role":"user","content":"Hi"}]',
        'gen_ai.output.messages': '[{"role":"assistant","content":"Hello"}]',
        'gen_ai.prompt.name': 'greeting',
      }),
      undefined,
    );
    expect(found).toEqual({ input: { name: 'greeting' }, output: undefined });
  });

  it('reads the langfuse input and output (test_extract_langfuse_input_output)', () => {
    const found = extractInputOutput(
      [],
      attributes({
        'langfuse.observation.input': '{"file_path": "/path/to/file.md"}',
        'langfuse.observation.output': 'File content here',
      }),
      undefined,
    );
    expect(found).toEqual({ input: '{"file_path": "/path/to/file.md"}', output: 'File content here' });
  });

  it('ranks gen_ai.input.messages over input.value, and input.value over llm.input_messages.*', () => {
    const all = {
      'gen_ai.input.messages': 'semconv in',
      'gen_ai.output.messages': 'semconv out',
      'input.value': 'oi in',
      'output.value': 'oi out',
      'llm.input_messages.0.message.role': 'user',
      'llm.output_messages.0.message.role': 'assistant',
    };
    expect(extractInputOutput([], attributes(all), undefined)).toEqual({
      input: 'semconv in',
      output: 'semconv out',
    });
    const { 'gen_ai.input.messages': _in, 'gen_ai.output.messages': _out, ...openInference } = all;
    expect(extractInputOutput([], attributes(openInference), undefined)).toEqual({
      input: 'oi in',
      output: 'oi out',
    });
    const { 'input.value': _i, 'output.value': _o, ...flattened } = openInference;
    expect(extractInputOutput([], attributes(flattened), undefined)).toEqual({
      input: [{ message: { role: 'user' } }],
      output: [{ message: { role: 'assistant' } }],
    });
  });

  it('takes the output with its input only: output.value alone is not read', () => {
    expect(extractInputOutput([], attributes({ 'output.value': 'answer' }), undefined)).toEqual({
      input: undefined,
      output: undefined,
    });
  });

  it('reads gen_ai message and choice events first (test_integration_with_gen_ai_events)', () => {
    const found = extractInputOutput(
      [
        event('gen_ai.user.message', { content: 'What is the weather?' }),
        event('gen_ai.assistant.message', { content: 'Let me check that for you.' }),
        event('gen_ai.choice', { finish_reason: 'stop', 'message.content': 'The weather is sunny.' }),
      ],
      attributes({ 'input.value': 'ignored' }),
      undefined,
    );
    expect(found).toEqual({
      input: [
        { role: 'user', content: 'What is the weather?' },
        { role: 'assistant', content: 'Let me check that for you.' },
      ],
      output: { finish_reason: 'stop', 'message.content': 'The weather is sunny.' },
    });
  });

  it('reads the Vercel AI SDK attributes only in the ai scope', () => {
    const span = attributes({
      'ai.prompt.messages': '[{"role":"user","content":"Test"}]',
      'ai.response.text': 'Response',
      'ai.response.toolCalls': '[{"toolName":"x"}]',
    });
    expect(extractInputOutput([], span, 'ai')).toEqual({
      input: '[{"role":"user","content":"Test"}]',
      output: { role: 'assistant', content: 'Response', tool_calls: '[{"toolName":"x"}]' },
    });
    expect(extractInputOutput([], span, undefined)).toEqual({ input: undefined, output: undefined });
  });

  it('reads the tool call arguments and result (test_integration_tool_call)', () => {
    expect(
      extractInputOutput(
        [],
        attributes({
          'gen_ai.tool.call.arguments': '{"query":"find users"}',
          'gen_ai.tool.call.result': '{"count":42}',
        }),
        undefined,
      ),
    ).toEqual({ input: '{"query":"find users"}', output: '{"count":42}' });
  });
});
