import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { type OpenObserveDouble, startOpenObserve } from '@portobserve/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { OpenObserveConfigError, type OpenObserveHandle, openobserveInit } from '../../src/index.js';

let double: OpenObserveDouble;
let handle: OpenObserveHandle | undefined;

beforeAll(async () => {
  double = await startOpenObserve();
});
afterEach(async () => {
  await handle?.shutdown();
  handle = undefined;
  double.reset();
  vi.restoreAllMocks();
});
afterAll(async () => {
  await double.close();
});

function init(options: Parameters<typeof openobserveInit>[0] = {}): OpenObserveHandle {
  handle = openobserveInit({ url: double.url, authToken: double.authToken, ...options });
  return handle;
}

describe('openobserveInit export', () => {
  it('sends spans to {url}/api/{org}/v1/traces with auth and stream, stored as OpenObserve rows', async () => {
    const openobserve = init({
      url: `${double.url}/`,
      org: 'acme',
      streamName: 'llm-traces',
      serviceName: 'checkout',
      resourceAttributes: { 'deployment.environment': 'test' },
    });
    const tracer = trace.getTracer('test');
    tracer.startActiveSpan('parent', { kind: SpanKind.SERVER }, (parent) => {
      tracer
        .startSpan('ChatCompletion', {
          kind: SpanKind.CLIENT,
          attributes: {
            'llm.token_count.prompt': 12,
            'gen_ai.usage.input_tokens': 12,
            'Weird-Key.Name': 'x',
          },
        })
        .end();
      parent.setStatus({ code: SpanStatusCode.OK });
      parent.end();
    });
    await openobserve.forceFlush();

    const request = double.requests.at(-1);
    expect(request).toMatchObject({
      method: 'POST',
      path: '/api/acme/v1/traces',
      status: 200,
      stream: 'llm_traces',
    });
    expect(request?.headers.authorization).toBe(double.authToken);
    expect(request?.headers['stream-name']).toBe('llm-traces');
    expect(request?.headers['content-type']).toMatch(/^application\/json/);

    // OpenObserve turns characters outside [a-zA-Z0-9_:] in stream names into '_'.
    const rows = double.rows({ org: 'acme', stream: 'llm_traces' });
    const parent = rows.find((row) => row.operation_name === 'parent');
    const child = rows.find((row) => row.operation_name === 'ChatCompletion');
    expect(parent?.span_status).toBe('OK');
    expect(child?.service_name).toBe('checkout');
    expect(child?.service_deployment_environment).toBe('test');
    expect(child?.trace_id).toBe(parent?.trace_id);
    expect(child?.reference_parent_span_id).toBe(parent?.span_id);
    expect(child?.llm_token_count_prompt).toBe('12');
    expect(child?.gen_ai_usage_input_tokens).toBe(12);
    expect(child?.weird_key_name).toBe('x');
    expect(openobserve.stats()).toMatchObject({ exportedSpans: 2, droppedSpans: 0, queuedSpans: 0 });
  });

  it('never names the service unknown_service: it defaults to the package name', async () => {
    const openobserve = init();
    trace.getTracer('test').startSpan('op').end();
    await openobserve.forceFlush();
    expect(double.rows()[0]?.service_name).toBe('@portobserve/core');
  });

  it('returns the same handle when called again, and warns only when the settings differ', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const first = init();
    expect(openobserveInit({ url: double.url, authToken: double.authToken })).toBe(first);
    expect(warn).not.toHaveBeenCalled();
    expect(openobserveInit({ url: double.url, authToken: double.authToken, org: 'other' })).toBe(first);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain('different settings');
  });

  it('starts afresh after shutdown()', async () => {
    const first = init();
    await first.shutdown();
    const second = init({ org: 'second' });
    expect(second).not.toBe(first);
    trace.getTracer('test').startSpan('after-restart').end();
    await second.forceFlush();
    expect(double.rows({ org: 'second' }).map((row) => row.operation_name)).toEqual(['after-restart']);
  });

  it("scrubs API keys from every exported span's errors, not only ours (a framework's own request span)", async () => {
    // Its own double, which keeps the bodies: the status message is on the wire, not in the row.
    const recording = await startOpenObserve({ recordBodies: true });
    const openobserve = init({ url: recording.url, authToken: recording.authToken });
    const key = 'sk-proj-abcdef1234567890';
    const leak = new Error(`401 Incorrect API key provided: ${key}. Sent with Bearer ${key}`);
    const span = trace.getTracer('next.js').startSpan('POST /api/chat', { kind: SpanKind.SERVER });
    span.recordException(leak);
    span.addEvent('log', { note: 'kept as it is' });
    span.setStatus({ code: SpanStatusCode.ERROR, message: leak.message });
    span.end();
    const clean = trace.getTracer('next.js').startSpan('GET /health');
    clean.addEvent('exception', { 'exception.message': 'no secret here' });
    clean.end();
    await openobserve.forceFlush();

    const wire = recording.requests.map((request) => request.body?.toString('utf8')).join('');
    expect(wire).toContain('Incorrect API key provided: sk-[REDACTED]');
    expect(wire).not.toContain('abcdef1234567890');
    const rows = recording.rows();
    await recording.close();
    const row = rows.find((candidate) => candidate.operation_name === 'POST /api/chat');
    const events = JSON.parse(String(row?.events)) as Array<Record<string, unknown>>;
    expect(events.map((event) => event.name)).toEqual(['exception', 'log']);
    // OpenObserve formats event keys as it does columns: `exception.message` is stored as exception_message.
    expect(events[0]?.exception_message).toBe(
      '401 Incorrect API key provided: sk-[REDACTED]. Sent with Bearer sk-[REDACTED]',
    );
    expect(String(events[0]?.exception_stacktrace)).toMatch(
      /^Error: 401 Incorrect API key provided: sk-\[REDACTED\]/,
    );
    expect(events[1]?.note).toBe('kept as it is');
    expect(row?.span_status).toBe('ERROR');
    const other = rows.find((candidate) => candidate.operation_name === 'GET /health');
    expect(JSON.parse(String(other?.events))[0].exception_message).toBe('no secret here');
    // The span the SDK handed over is left as it ended: only what goes on the wire is scrubbed.
    expect(
      (span as unknown as { events: Array<{ attributes: Record<string, unknown> }> }).events[0]?.attributes[
        'exception.message'
      ],
    ).toBe(leak.message);
  });

  it('flushes pending spans on shutdown()', async () => {
    const openobserve = init({ batch: { scheduledDelayMillis: 60_000 } });
    trace.getTracer('test').startSpan('pending').end();
    expect(double.rows()).toHaveLength(0);
    await openobserve.shutdown();
    expect(double.rows().map((row) => row.operation_name)).toEqual(['pending']);
  });

  it('exports nothing and needs no token when disabled', async () => {
    const openobserve = openobserveInit({ enabled: false, url: double.url });
    handle = openobserve;
    expect(openobserve.enabled).toBe(false);
    trace.getTracer('test').startSpan('invisible').end();
    await openobserve.forceFlush();
    expect(double.requests).toHaveLength(0);
    expect(openobserve.stats().exportedSpans).toBe(0);
  });

  it('with strict: true, throws OpenObserveConfigError for bad settings before touching anything', () => {
    const strict = { strict: true };
    expect(() => openobserveInit({ ...strict, url: double.url })).toThrow(OpenObserveConfigError);
    expect(() => openobserveInit({ ...strict, url: 'localhost:5080', authToken: 't' })).toThrow(
      /OPENOBSERVE_URL/,
    );
    expect(() => openobserveInit({ ...strict, authToken: 't', org: '' })).toThrow(/OPENOBSERVE_ORG/);
    expect(() => openobserveInit({ ...strict, authToken: 't', timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(trace.getTracerProvider().getTracer('x').startSpan('noop').isRecording()).toBe(false);
  });
});

describe('a failing OpenObserve never reaches the app', () => {
  it('counts spans refused with 401 as dropped and warns once for the kind, naming the fix', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const openobserve = init({ authToken: 'Basic d3Jvbmc6d3Jvbmc=' });
    for (let round = 0; round < 3; round++) {
      trace.getTracer('test').startSpan(`refused-${round}`).end();
      await openobserve.forceFlush();
    }
    expect(double.requests.map((request) => request.status)).toEqual([401, 401, 401]);
    expect(openobserve.stats()).toMatchObject({ exportedSpans: 0, droppedSpans: 3, failedExports: 3 });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/401.*`authToken` option/s);
    expect(String(warn.mock.calls[0]?.[0])).not.toContain('d3Jvbmc6d3Jvbmc=');
  });

  it('gives each kind of failure its own single warning, and retries what a refused connection kept', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const openobserve = init({ timeoutMs: 1000 });
    double.scriptStatuses([500, 500]);
    trace.getTracer('test').startSpan('a').end();
    await openobserve.forceFlush();
    trace.getTracer('test').startSpan('b').end();
    await openobserve.forceFlush();
    await double.refuseConnections();
    trace.getTracer('test').startSpan('c').end();
    await openobserve.forceFlush();
    await double.acceptConnections();
    trace.getTracer('test').startSpan('d').end();
    await openobserve.forceFlush();
    expect(warn).toHaveBeenCalledTimes(2);
    expect(String(warn.mock.calls[0]?.[0])).toContain('500');
    expect(String(warn.mock.calls[1]?.[0])).toMatch(/ECONNREFUSED|could not reach/);
    // 500 drops its batch; a refused connection keeps it queued, and it goes with the next flush.
    expect(openobserve.stats()).toMatchObject({
      producedSpans: 4,
      exportedSpans: 2,
      droppedSpans: 2,
      queuedSpans: 0,
    });
    expect(double.rows().map((row) => row.operation_name)).toEqual(['c', 'd']);
  });

  it('lets a traced operation finish while the export hangs, and keeps memory bounded', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    double.setDelayMs(Number.POSITIVE_INFINITY);
    const openobserve = init({
      timeoutMs: 300,
      batch: { maxQueueSize: 20, maxExportBatchSize: 10, scheduledDelayMillis: 10 },
    });
    const tracer = trace.getTracer('test');

    const operation = tracer.startActiveSpan('user-operation', async (span) => {
      for (let index = 0; index < 200; index++) tracer.startSpan(`child-${index}`).end();
      await new Promise((resolve) => setTimeout(resolve, 20));
      span.end();
      return 'done';
    });
    // The operation completes although no export request has been answered.
    await expect(operation).resolves.toBe('done');
    await vi.waitFor(() => expect(double.requests.length).toBeGreaterThan(0), { timeout: 10_000 });
    expect(double.requests.every((request) => request.status === 0)).toBe(true);
    const stats = openobserve.stats();
    expect(stats.queuedSpans).toBeLessThanOrEqual(20);
    expect(stats.droppedSpans).toBeGreaterThanOrEqual(201 - 20);
    expect(stats.producedSpans).toBe(201);
    expect(stats.producedSpans).toBe(stats.exportedSpans + stats.droppedSpans + stats.queuedSpans);

    await openobserve.forceFlush();
    double.reset();
    await new Promise((resolve) => setTimeout(resolve, 50));
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
  });
});
