import { setTimeout as sleep } from 'node:timers/promises';
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import { startTracing } from '@portobserve/testkit/tracing';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startServerSpan } from '../../src/adapter.js';

// A request's own SERVER span is recorded only when something needs it (a child span, a value written
// to it, a failure), so that a request without an LLM call costs almost nothing.
const tracing = startTracing();
afterEach(() => tracing.checkAndReset());
afterAll(() => tracing.stop());

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const PARENT_ID = 'b7ad6b7169203331';

function request(headers: Record<string, string> = {}, options = {}) {
  return startServerSpan({ method: 'GET', path: '/chat/7', header: (name) => headers[name] }, options);
}

describe('a request nothing happens under', () => {
  it('records no span', () => {
    const served = request();
    served.setRoute('/chat/:id');
    served.end(200);
    expect(tracing.spans()).toEqual([]);
  });

  it('records its span with recordAllRequests', () => {
    request({}, { recordAllRequests: true }).end(200);
    expect(tracing.spans().map((span) => span.name)).toEqual(['GET']);
  });

  it('records its span when it answers 5xx: ERROR, error.type, backdated to the request start', async () => {
    const served = request();
    await sleep(30);
    served.setRoute('/chat/:id');
    served.end(503);
    const [span] = tracing.spans();
    expect(span?.name).toBe('GET /chat/:id');
    expect(span?.attributes).toMatchObject({
      'http.route': '/chat/:id',
      'http.response.status_code': 503,
      'error.type': '503',
    });
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(hrTimeToMilliseconds(span?.duration ?? [0, 0])).toBeGreaterThanOrEqual(25);
  });

  it('records its span when an error is recorded, even if the answer was not 5xx', () => {
    const served = request();
    served.recordError(new Error('handler failed'));
    served.end(undefined, { clientAborted: true });
    const [span] = tracing.spans();
    expect(span?.events.map((event) => event.name)).toEqual(['exception']);
    expect(span?.attributes['portobserve.request.client_aborted']).toBe(true);
  });
});

describe('a request something happens under', () => {
  it('a child span brings it into being: the parent of the child, started when the request started', async () => {
    const served = request({ traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` });
    await sleep(30);
    context.with(served.context, () => trace.getTracer('test').startSpan('ChatCompletion').end());
    served.setRoute('/chat/:id');
    served.end(200);
    const [child, server] = tracing.spans();
    expect(server?.name).toBe('GET /chat/:id');
    expect(server?.attributes).toMatchObject({ 'http.route': '/chat/:id', 'http.response.status_code': 200 });
    expect(server?.spanContext().traceId).toBe(TRACE_ID);
    expect(server?.parentSpanContext?.spanId).toBe(PARENT_ID);
    expect(child?.parentSpanContext?.spanId).toBe(server?.spanContext().spanId);
    const serverStart = hrTimeToMilliseconds(server?.startTime ?? [0, 0]);
    expect(hrTimeToMilliseconds(child?.startTime ?? [0, 0]) - serverStart).toBeGreaterThanOrEqual(25);
  });

  it('a route matched before the span came into being names it', () => {
    const served = request();
    served.setRoute('/chat/:id');
    context.with(served.context, () => trace.getTracer('test').startSpan('child').end());
    served.end(200);
    expect(tracing.spans().map((span) => span.name)).toEqual(['child', 'GET /chat/:id']);
  });

  it('a value written to the active span brings it into being', () => {
    const served = request();
    context.with(served.context, () => trace.getActiveSpan()?.setAttribute('app.cart_size', 3));
    served.end(200);
    const [span] = tracing.spans();
    expect(span?.attributes['app.cart_size']).toBe(3);
  });

  it('reading the trace id (a propagator, a log correlation) brings it into being', () => {
    const served = request({ traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` });
    const traceId = context.with(served.context, () => trace.getActiveSpan()?.spanContext().traceId);
    served.end(200);
    expect(traceId).toBe(TRACE_ID);
    expect(tracing.spans()).toHaveLength(1);
  });
});
