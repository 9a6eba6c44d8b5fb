import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
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
});
