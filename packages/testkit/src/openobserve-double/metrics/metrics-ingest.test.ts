import zlib from 'node:zlib';
import { JsonMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type OpenObserveDouble, startOpenObserve } from '../start-openobserve.js';

let openobserve: OpenObserveDouble;

beforeAll(async () => {
  openobserve = await startOpenObserve({ recordBodies: true });
});
afterEach(() => openobserve.reset());
afterAll(async () => {
  await openobserve.close();
});

/** A reader the test collects by hand, so the body is what the real SDK and serializer produce. */
class ManualReader extends MetricReader {
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

async function sdkBody(record: (provider: MeterProvider) => void): Promise<Uint8Array> {
  const reader = new ManualReader();
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'double-test', 'deployment.environment': 'ci' }),
    readers: [reader],
  });
  record(provider);
  const { resourceMetrics } = await reader.collect();
  await provider.shutdown();
  const body = JsonMetricsSerializer.serializeRequest(resourceMetrics);
  if (!body) throw new Error('no body');
  return body;
}

function post(
  body: Uint8Array | string,
  headers: Record<string, string> = {},
  path = '/api/default/v1/metrics',
) {
  return fetch(`${openobserve.url}${path}`, {
    method: 'POST',
    headers: { Authorization: openobserve.authToken, 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : Buffer.from(body),
  });
}

const histogramBody = () =>
  sdkBody((provider) => {
    const histogram = provider
      .getMeter('@portobserve/core', '0.1.0')
      .createHistogram('gen_ai.client.operation.duration', {
        unit: 's',
        description: 'GenAI operation duration.',
        advice: { explicitBucketBoundaries: [0.01, 0.02, 0.04] },
      });
    histogram.record(0.015, { 'gen_ai.operation.name': 'chat', 'server.port': 443 });
    histogram.record(0.03, { 'gen_ai.operation.name': 'chat', 'server.port': 443 });
    histogram.record(5, { 'gen_ai.operation.name': 'chat', 'server.port': 443 });
  });

describe('the OpenObserve double: OTLP/JSON metrics ingest', () => {
  it('stores a histogram as _count, _sum, _min, _max and _bucket streams with running bucket counts', async () => {
    const response = await post(zlib.gzipSync(await histogramBody()), { 'Content-Encoding': 'gzip' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ partialSuccess: null });

    const streams = openobserve.metricStreams().map((item) => [item.stream, item.count]);
    expect(streams).toEqual([
      ['gen_ai_client_operation_duration_count', 1],
      ['gen_ai_client_operation_duration_sum', 1],
      ['gen_ai_client_operation_duration_min', 1],
      ['gen_ai_client_operation_duration_max', 1],
      ['gen_ai_client_operation_duration_bucket', 4],
    ]);
    const [count] = openobserve.metricRows({ stream: 'gen_ai_client_operation_duration_count' });
    expect(count).toMatchObject({
      __name__: 'gen_ai_client_operation_duration_count',
      value: 3,
      service_name: 'double-test',
      deployment_environment: 'ci',
      gen_ai_operation_name: 'chat',
      server_port: '443',
      instrumentation_library_name: '@portobserve/core',
      instrumentation_library_version: '0.1.0',
      aggregation_temporality: 'AGGREGATION_TEMPORALITY_CUMULATIVE',
      flag: 'DATA_POINT_FLAGS_DO_NOT_USE',
    });
    expect(typeof count?._timestamp).toBe('number');
    expect(count?.start_time).toMatch(/^\d{19}$/);
    expect(openobserve.metricRows({ stream: 'gen_ai_client_operation_duration_sum' })[0]?.value).toBeCloseTo(
      5.045,
    );
    expect(openobserve.metricRows({ stream: 'gen_ai_client_operation_duration_max' })[0]?.value).toBe(5);
    const buckets = openobserve
      .metricRows({ stream: 'gen_ai_client_operation_duration_bucket' })
      .map((row) => [row.le, row.value]);
    expect(buckets).toEqual([
      ['0.01', 0],
      ['0.02', 1],
      ['0.04', 2],
      ['inf', 3],
    ]);
    expect(openobserve.metricRequests).toMatchObject([
      { method: 'POST', path: '/api/default/v1/metrics', status: 200, org: 'default', dataPointCount: 1 },
    ]);
    // Kept apart from the span requests, which tests count.
    expect(openobserve.requests).toEqual([]);
    expect(openobserve.metricMetadata()).toContainEqual({
      org: 'default',
      stream: 'gen_ai_client_operation_duration',
      metric_type: 'histogram',
      unit: 's',
      help: 'GenAI operation duration.',
    });
  });

  it('stores a counter as one stream with is_monotonic, and a point attribute under its formatted key', async () => {
    const body = await sdkBody((provider) => {
      provider
        .getMeter('m')
        .createCounter('gen_ai.client.inference.usage.input_tokens', { unit: '{token}' })
        .add(12, { 'gen_ai.token.modality': 'unknown', 'gen_ai.Request.Model': 'gpt-4o-mini' });
    });
    expect((await post(body, {}, '/api/acme/v1/metrics')).status).toBe(200);
    expect(openobserve.metricRows({ org: 'acme' })).toMatchObject([
      {
        __name__: 'gen_ai_client_inference_usage_input_tokens',
        value: 12,
        is_monotonic: 'true',
        gen_ai_token_modality: 'unknown',
        gen_ai_request_model: 'gpt-4o-mini',
      },
    ]);
  });

  it('answers 206 with rejectedDataPoints for a metric without data and a point more than 24 h ahead', async () => {
    const ahead = (BigInt(Date.now() + 25 * 3600 * 1000) * 1_000_000n).toString();
    const body = JSON.stringify({
      resourceMetrics: [
        {
          scopeMetrics: [
            {
              metrics: [
                { name: 'no.data' },
                { name: 'later', gauge: { dataPoints: [{ asDouble: 1, timeUnixNano: ahead }] } },
                { name: 'now', gauge: { dataPoints: [{ asInt: '2', timeUnixNano: `${Date.now()}000000` }] } },
              ],
            },
          ],
        },
      ],
    });
    const response = await post(body);
    expect(response.status).toBe(206);
    const answer = (await response.json()) as {
      partialSuccess: { rejectedDataPoints: number; errorMessage: string };
    };
    expect(answer.partialSuccess.rejectedDataPoints).toBe(2);
    expect(answer.partialSuccess.errorMessage).toMatch(/^Too far data/);
    expect(openobserve.metricStreams().map((item) => item.stream)).toEqual(['now']);
  });

  it('refuses what OpenObserve refuses: wrong credentials, content type, path, method and JSON', async () => {
    const body = await histogramBody();
    expect((await post(body, { Authorization: 'Basic bm9wZTpub3Bl' })).status).toBe(401);
    expect((await post(body, { 'Content-Type': 'text/plain' })).status).toBe(400);
    expect((await post(body, { 'Content-Type': 'application/x-protobuf' })).status).toBe(400);
    expect((await post(body, {}, '/api/default/v1/metric')).status).toBe(404);
    expect((await fetch(`${openobserve.url}/api/default/v1/metrics`)).status).toBe(405);
    const invalid = await post('{"resourceMetrics": {}}');
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual({
      code: 3,
      message: expect.stringMatching(/^Invalid json: resourceMetrics/),
    });
    expect(openobserve.metricStreams()).toEqual([]);
  });

  it('takes scripted metrics answers from their own queue, never the spans’', async () => {
    openobserve.scriptMetricsResponses([503]);
    openobserve.scriptStatuses([429]);
    const body = await histogramBody();
    expect((await post(body)).status).toBe(503);
    expect((await post(body)).status).toBe(200);
    const traces = await fetch(`${openobserve.url}/api/default/v1/traces`, {
      method: 'POST',
      headers: { Authorization: openobserve.authToken, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(traces.status).toBe(429);
  });
});
