// Facts from OpenObserve's tests in src/core/src/traces/otel/extractors/parameters.rs, HEAD fbab9b80.
// Rust's json!(0.7) arrives over OTLP as the string "0.7" (get_val), so the span values are strings.
import { describe, expect, it } from 'vitest';
import { requestParameters } from './request-parameters.js';
import { attributes } from './test-attributes.js';

function parameters(entries: Record<string, string | string[]>, scopeName?: string) {
  return Object.fromEntries(requestParameters(attributes(entries), scopeName));
}

describe('requestParameters (ParametersExtractor)', () => {
  it('unpacks llm.invocation_parameters, numbers as written (test_extract_openinference_invocation_parameters)', () => {
    expect(parameters({ 'llm.invocation_parameters': '{"temperature": 0.5, "max_tokens": 200}' })).toEqual({
      temperature: '0.5',
      max_tokens: '200',
    });
    expect(parameters({ 'llm.invocation_parameters': '{"temperature":1.0,"stop":["a"],"n":1e2}' })).toEqual({
      temperature: '1.0',
      stop: '["a"]',
      n: '1e2',
    });
  });

  it('keeps model among the parameters (the writer skips it) and ignores gen_ai.request.* then', () => {
    expect(
      parameters({
        'llm.invocation_parameters': '{"model":"gpt-4o-mini","temperature":0.2}',
        'gen_ai.request.top_p': '0.9',
      }),
    ).toEqual({ model: 'gpt-4o-mini', temperature: '0.2' });
  });

  it('reads langfuse model parameters and pydantic model_config (test_extract_langfuse_*, test_extract_pydantic_model_config)', () => {
    expect(
      parameters({ 'langfuse.observation.model.parameters': '{"temperature":"0.5","max_tokens":"100"}' }),
    ).toEqual({ temperature: '0.5', max_tokens: '100' });
    expect(parameters({ model_config: '{"temperature": 0.3}' })).toEqual({ temperature: '0.3' });
  });

  it('falls back to gen_ai.request.* without model (test_extract_gen_ai_request_fallback_includes_top_p, _model_is_excluded)', () => {
    expect(parameters({ 'gen_ai.request.top_p': '0.9', 'gen_ai.request.model': 'gpt-4' })).toEqual({
      top_p: '0.9',
    });
    expect(parameters({ 'gen_ai.request.stream': 'true' })).toEqual({ stream: 'true' });
  });

  it('writes an array parameter as JSON text (test_sanitize_array_value_uses_json_fallback)', () => {
    expect(parameters({ 'gen_ai.request.stop_sequences': ['stop', 'end'] })).toEqual({
      stop_sequences: '["stop","end"]',
    });
  });

  it('falls back to gen_ai.request.* when llm.invocation_parameters is not a JSON object', () => {
    expect(parameters({ 'llm.invocation_parameters': 'not json', 'gen_ai.request.seed': '7' })).toEqual({
      seed: '7',
    });
  });

  it('reads only the Vercel settings in the ai scope (test_extract_vercel_ai_*, test_vercel_*)', () => {
    expect(
      parameters(
        {
          'gen_ai.request.temperature': '0.7',
          'gen_ai.request.max_tokens': '512',
          'gen_ai.request.top_p': '0.9',
          'ai.prompt.toolChoice': 'auto',
          'ai.settings.maxSteps': '5',
          'ai.settings.maxRetries': '3',
          'ai.settings.mode': 'json',
          'gen_ai.system': 'You are helpful',
          'gen_ai.response.finish_reasons': 'stop',
        },
        'ai',
      ),
    ).toEqual({
      temperature: '0.7',
      maxTokens: '512',
      toolChoice: 'auto',
      maxSteps: '5',
      maxRetries: '3',
      mode: 'json',
      system: 'You are helpful',
      finishReason: 'stop',
    });
  });

  it('finds nothing in an empty span (test_extract_empty_returns_empty_map)', () => {
    expect(parameters({})).toEqual({});
  });
});
