// Facts from OpenObserve's own tests in src/core/src/traces/otel/extractors/gen_ai_operation.rs
// (test_is_llm_trace_*, test_gen_ai_operation_*, test_llm_request_type_*, test_openinference_*,
// test_langfuse_type_*, test_model_key_fallback_*, test_vercel_*), HEAD fbab9b80.
import { describe, expect, it } from 'vitest';
import { isLlmSpan } from './is-llm-span.js';
import { genAiOperationName, isGenerationOrEmbedding } from './operation-name.js';
import { attributes } from './test-attributes.js';

describe('isLlmSpan (is_llm_trace, gen_ai_operation.rs)', () => {
  it.each([
    ['gen_ai.operation.name', 'chat'],
    ['gen_ai.request.model', 'gpt-4'],
    ['gen_ai.input.messages', '[{"role":"user"}]'],
    ['gen_ai.agent.name', 'a'],
    ['gen_ai.agent.id', 'a'],
    ['llm.request.type', 'completion'],
    ['ai.model.id', 'gpt-4'],
    ['ai.prompt', 'hello world'],
    ['ai.prompt.messages', '[{"role":"user"}]'],
    ['llm.model_name', 'llama3'],
    ['langfuse.observation.type', 'GENERATION'],
    ['openinference.span.kind', 'TOOL'],
    ['tool.name', 'x'],
    ['tool_call.function.name', 'x'],
    ['agent.name', 'x'],
    ['gcp.vertex.agent.name', 'x'],
    ['crewai.task.agent', 'x'],
    ['crewai.task.tools', 'x'],
    ['langchain.tool.name', 'x'],
    ['gcp.vertex.agent.llm_request', '{}'],
    ['prompt', 'some prompt text'],
    ['mlflow.spanInputs', 'x'],
    ['traceloop.span.kind', 'llm'],
    ['input', 'x'],
    ['input.value', 'x'],
  ])('counts a span with %s as an LLM span', (key, value) => {
    expect(isLlmSpan(attributes({ [key]: value }), undefined)).toBe(true);
  });

  it('counts any span of the ai scope (test_is_llm_trace_scope_ai_no_attrs)', () => {
    expect(isLlmSpan(attributes({}), 'ai')).toBe(true);
  });

  it.each([
    ['an HTTP span (test_is_llm_trace_non_llm)', { 'http.method': 'GET', 'http.status_code': '200' }],
    ['no attributes (test_is_llm_trace_gen_ai_events)', {}],
    ['only a response model', { 'gen_ai.response.model': 'gpt-4o' }],
    ['only usage', { 'gen_ai.usage.input_tokens': '12', 'llm.token_count.prompt': '12' }],
    [
      'only gen_ai.system and llm.invocation_parameters',
      { 'gen_ai.system': 'openai', 'llm.invocation_parameters': '{}' },
    ],
  ])('does not count %s', (_label, entries) => {
    expect(isLlmSpan(attributes(entries), undefined)).toBe(false);
  });
});

describe('genAiOperationName (map_to_gen_ai_operation_name, gen_ai_operation.rs)', () => {
  it.each([
    'chat',
    'embeddings',
    'text_completion',
    'generate_content',
    'invoke_agent',
    'create_agent',
    'execute_tool',
    'invoke_workflow',
    'retrieval',
  ])('passes the spec value %s through', (value) => {
    expect(genAiOperationName(attributes({ 'gen_ai.operation.name': value }), undefined)).toBe(value);
  });

  it.each<[string, Record<string, string>, string]>([
    ['an upper-case spec value', { 'gen_ai.operation.name': 'CHAT' }, 'chat'],
    [
      'an unknown value (test_gen_ai_operation_unknown_falls_through)',
      { 'gen_ai.operation.name': 'tool' },
      'span',
    ],
    ['llm.request.type chat', { 'llm.request.type': 'chat' }, 'chat'],
    ['llm.request.type completion', { 'llm.request.type': 'completion' }, 'text_completion'],
    ['llm.request.type embedding', { 'llm.request.type': 'embedding' }, 'embeddings'],
    ['llm.request.type rerank', { 'llm.request.type': 'rerank' }, 'rerank'],
    ['llm.request.type unknown', { 'llm.request.type': 'unknown' }, 'span'],
    ['traceloop workflow', { 'traceloop.span.kind': 'workflow' }, 'invoke_workflow'],
    ['traceloop task', { 'traceloop.span.kind': 'task' }, 'task'],
    ['traceloop agent', { 'traceloop.span.kind': 'agent' }, 'invoke_agent'],
    ['traceloop tool', { 'traceloop.span.kind': 'tool' }, 'execute_tool'],
    ['openinference LLM', { 'openinference.span.kind': 'LLM' }, 'chat'],
    ['openinference CHAIN', { 'openinference.span.kind': 'CHAIN' }, 'chain'],
    ['openinference RETRIEVER', { 'openinference.span.kind': 'RETRIEVER' }, 'retrieval'],
    ['openinference EVALUATOR', { 'openinference.span.kind': 'EVALUATOR' }, 'evaluator'],
    ['openinference GUARDRAIL', { 'openinference.span.kind': 'GUARDRAIL' }, 'guardrail'],
    ['openinference embedding (upper-cased)', { 'openinference.span.kind': 'embedding' }, 'embeddings'],
    ['langfuse GENERATION', { 'langfuse.observation.type': 'GENERATION' }, 'chat'],
    ['langfuse span', { 'langfuse.observation.type': 'span' }, 'span'],
    ['langfuse CHAIN', { 'langfuse.observation.type': 'CHAIN' }, 'chain'],
    ['langfuse RETRIEVER', { 'langfuse.observation.type': 'RETRIEVER' }, 'retrieval'],
    ['langfuse EMBEDDING', { 'langfuse.observation.type': 'EMBEDDING' }, 'embeddings'],
    ['langfuse TOOL', { 'langfuse.observation.type': 'TOOL' }, 'execute_tool'],
    ['langfuse AGENT', { 'langfuse.observation.type': 'AGENT' }, 'invoke_agent'],
    ['a tool name (test_gen_ai_tool_detection)', { 'gen_ai.tool.name': 'get_weather' }, 'execute_tool'],
    ['a tool call id', { 'gen_ai.tool.call.id': 'call_1' }, 'execute_tool'],
    ['a request model (test_model_based_fallback)', { 'gen_ai.request.model': 'gpt-4' }, 'chat'],
    ['a response model', { 'gen_ai.response.model': 'gpt-4' }, 'chat'],
    ['llm.model_name', { 'llm.model_name': 'llama3' }, 'chat'],
    ['llm.response.model', { 'llm.response.model': 'm' }, 'chat'],
    ['ai.model.id without the ai scope', { 'ai.model.id': 'm' }, 'chat'],
    ['a plain model key', { model: 'm' }, 'chat'],
    ['nothing (test_default_to_span)', {}, 'span'],
    [
      'openinference LLM over a tool key (priority 4 before 7)',
      { 'openinference.span.kind': 'LLM', 'gen_ai.tool.name': 'x' },
      'chat',
    ],
  ])('maps %s', (_label, entries, expected) => {
    expect(genAiOperationName(attributes(entries), undefined)).toBe(expected);
  });

  it('maps the ai scope to chat with a model and to span without (test_vercel_*)', () => {
    expect(genAiOperationName(attributes({ 'ai.model.id': 'gpt-4' }), 'ai')).toBe('chat');
    expect(genAiOperationName(attributes({ 'gen_ai.tool.name': 'x' }), 'ai')).toBe('span');
  });

  it('fills usage and cost only for generations and embeddings (test_is_gen_embedding_*)', () => {
    expect(['chat', 'text_completion', 'generate_content', 'embeddings'].every(isGenerationOrEmbedding)).toBe(
      true,
    );
    expect(isGenerationOrEmbedding('execute_tool')).toBe(false);
    expect(isGenerationOrEmbedding('invoke_agent')).toBe(false);
  });
});
