import type { OpenObserveRow } from '@portobserve/testkit';
import { expect } from 'vitest';
import { PROVIDER_KEY } from './client-stack.js';

/** What one LLM call's stored row must say. */
export interface ExpectedLLMRow {
  spanName: 'ChatCompletion' | 'Response' | 'Embeddings' | 'TextCompletion';
  requestedModel: string;
  /** The model the upstream answered with; absent for a call that failed before an answer. */
  servedModel?: string;
  inputTokens?: number;
  outputTokens?: number;
  /** `UNSET` for a stream the caller stopped (`cancelled`, `aborted`). */
  status: 'OK' | 'ERROR' | 'UNSET';
  /** `portobserve.stream.end` for streamed calls. */
  streamEnd?: 'complete' | 'cancelled' | 'aborted' | 'error';
  /** `error.type` of a failed call (the HTTP status, or the error's class). */
  errorType?: string;
}

const OPERATION_BY_SPAN = {
  ChatCompletion: 'chat',
  Response: 'chat',
  Embeddings: 'embeddings',
  TextCompletion: 'text_completion',
} as const;

/**
 * The row OpenObserve stores for one LLM call through the gateway, checked field by field: operation,
 * models, the provider served and Portkey's trace id, token counts and cost (ours, never estimated by
 * OpenObserve), status, stream end and time to first chunk, and no provider key anywhere.
 */
export function expectLLMRow(row: OpenObserveRow | undefined, expected: ExpectedLLMRow): void {
  expect(row, 'a stored LLM row').toBeDefined();
  const stored = row as OpenObserveRow;
  expect(stored.operation_name).toBe(expected.spanName);
  expect(stored.gen_ai_operation_name).toBe(OPERATION_BY_SPAN[expected.spanName]);
  expect(stored.gen_ai_request_model).toBe(expected.requestedModel);
  expect(stored.gen_ai_response_model).toBe(expected.servedModel ?? expected.requestedModel);
  expect(stored.span_status).toBe(expected.status);
  expect(stored.portkey_provider).toBe('openai');
  expect(stored.gen_ai_provider_name).toBe('openai');
  expect(stored.portkey_trace_id).toEqual(expect.any(String));
  if (expected.status === 'UNSET') {
    // Stopped before the usage chunk: the content stays, so OpenObserve estimates what was generated.
    expect(stored._double_usage_estimated, 'OpenObserve estimates a stopped stream').toBe('input,output');
  } else {
    expect(
      stored._double_usage_estimated,
      'OpenObserve never has to estimate our token counts',
    ).toBeUndefined();
  }
  if (expected.inputTokens !== undefined) {
    expect(stored.gen_ai_usage_input_tokens).toBe(expected.inputTokens);
    expect(stored.llm_token_count_prompt).toBe(String(expected.inputTokens));
    expect(stored._double_cost_computed, 'the cost is ours, not priced by OpenObserve').toBeUndefined();
    expect(stored.gen_ai_usage_cost).toBeGreaterThan(0);
  }
  if (expected.outputTokens !== undefined)
    expect(stored.gen_ai_usage_output_tokens).toBe(expected.outputTokens);
  if (expected.streamEnd !== undefined) {
    expect(stored.portobserve_stream_end).toBe(expected.streamEnd);
    if (expected.streamEnd === 'complete') {
      expect(Number(stored.gen_ai_response_time_to_first_chunk)).toBeGreaterThan(0);
    }
  } else {
    expect(stored.portobserve_stream_end).toBeUndefined();
  }
  if (expected.errorType !== undefined) expect(stored.error_type).toBe(expected.errorType);
  if (expected.status !== 'ERROR') expect(stored.error_type).toBeUndefined();
  expect(JSON.stringify(stored)).not.toContain(PROVIDER_KEY);
}
