import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenObserveDouble, startOpenObserve } from './start-openobserve.js';

let openobserve: OpenObserveDouble;

beforeAll(async () => {
  openobserve = await startOpenObserve();
});

afterAll(async () => {
  await openobserve.close();
});

describe('the real OTLP/HTTP exporter against the double', () => {
  it('delivers a parent and a child span as OpenObserve rows', async () => {
    const exporter = new OTLPTraceExporter({
      url: `${openobserve.url}/api/default/v1/traces`,
      headers: { Authorization: openobserve.authToken, 'stream-name': 'llm-traces' },
    });
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'e2e-service', 'deployment.environment': 'test' }),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const tracer = provider.getTracer('e2e');

    const parent = tracer.startSpan('agent-run');
    const child = tracer.startSpan(
      'ChatCompletion',
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'llm.token_count.prompt': 12,
          'gen_ai.usage.input_tokens': 12,
          'gen_ai.usage.cost': 0.0005,
          'llm.invocation_parameters': '{"model":"gpt-4o-mini"}',
          'llm.is_streaming': false,
          duration: 'custom',
        },
      },
      trace.setSpan(context.active(), parent),
    );
    child.addEvent('first-token', { 'gen_ai.Token.Index': 0 });
    child.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' });
    child.end();
    parent.end();
    await provider.forceFlush();

    const rows = await openobserve.waitForRows((found) => found.length === 2, { stream: 'llm_traces' });
    await provider.shutdown();

    const parentRow = rows.find((row) => row.operation_name === 'agent-run');
    const childRow = rows.find((row) => row.operation_name === 'ChatCompletion');
    expect(parentRow).toMatchObject({
      span_id: parent.spanContext().spanId,
      reference_parent_span_id: '',
      span_kind: '1',
      service_name: 'e2e-service',
    });
    expect(childRow).toMatchObject({
      trace_id: parent.spanContext().traceId,
      span_id: child.spanContext().spanId,
      reference_parent_span_id: parent.spanContext().spanId,
      service_name: 'e2e-service',
      service_deployment_environment: 'test',
      span_kind: '3',
      span_status: 'ERROR',
      status_code: 2,
      status_message: 'rate limited',
      llm_token_count_prompt: '12',
      gen_ai_usage_input_tokens: 12,
      gen_ai_usage_cost: 0.0005,
      llm_invocation_parameters: '{"model":"gpt-4o-mini"}',
      llm_is_streaming: 'false',
      attr_duration: 'custom',
    });
    expect(typeof childRow?.duration).toBe('number');
    const events = JSON.parse(String(childRow?.events)) as Record<string, unknown>[];
    expect(events).toEqual([
      { name: 'first-token', _timestamp: expect.any(Number), gen_ai_token_index: '0' },
    ]);
    expect(openobserve.requests.every((request) => request.status === 200)).toBe(true);
    expect(openobserve.requests[0]?.headers['content-type']).toBe('application/json');
  });

  it('decodes a gzip body from the real exporter and runs the LLM step on the chat span', async () => {
    const exporter = new OTLPTraceExporter({
      url: `${openobserve.url}/api/default/v1/traces`,
      headers: { Authorization: openobserve.authToken },
      compression: CompressionAlgorithm.GZIP,
    });
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'gzip-service', 'service.version': '2.1.0' }),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const span = provider.getTracer('@portobserve/core').startSpan('ChatCompletion', {
      kind: SpanKind.CLIENT,
      attributes: {
        'openinference.span.kind': 'LLM',
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
        'gen_ai.request.temperature': 0.2,
        'input.value': '{"messages":[{"role":"user","content":"Hi"}]}',
        'output.value': 'Hello!',
        'llm.input_messages.0.message.role': 'user',
        'llm.input_messages.0.message.content': 'Hi',
        'llm.token_count.prompt': 12,
        'llm.token_count.completion': 20,
        'gen_ai.usage.input_tokens': 12,
        'gen_ai.usage.output_tokens': 20,
        'gen_ai.usage.cost': 1.38e-5,
        'gen_ai.response.finish_reasons': ['stop'],
      },
    });
    span.end();
    await provider.forceFlush();
    const rows = await openobserve.waitForRows((found) =>
      found.some((r) => r.service_name === 'gzip-service'),
    );
    const row = rows.find((r) => r.service_name === 'gzip-service');
    await provider.shutdown();

    const request = openobserve.requests.find((item) => item.headers['content-encoding'] === 'gzip');
    expect(request?.status).toBe(200);
    expect(row).toMatchObject({
      gen_ai_operation_name: 'chat',
      gen_ai_response_model: 'gpt-4o-mini-2024-07-18',
      gen_ai_request_temperature: '0.2',
      gen_ai_input_messages: '{"messages":[{"role":"user","content":"Hi"}]}',
      gen_ai_output_messages: 'Hello!',
      gen_ai_usage_input_tokens: 12,
      gen_ai_usage_output_tokens: 20,
      gen_ai_usage_total_tokens: 32,
      gen_ai_usage_cost: 1.38e-5,
      gen_ai_agent_version: '2.1.0',
      gen_ai_response_finish_reasons: '["stop"]',
      llm_token_count_prompt: '12',
    });
    expect(row).not.toHaveProperty('input_value');
    expect(row).not.toHaveProperty('llm_input_messages_0_message_content');
    expect(row).not.toHaveProperty('_double_usage_estimated');
    expect(row).not.toHaveProperty('_double_cost_computed');
  });
});
