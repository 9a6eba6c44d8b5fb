import { metrics } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import {
  expectNoSecrets,
  type FakeOpenAI,
  type OpenObserveDouble,
  type OpenObserveRow,
  startFakeOpenAI,
  startOpenObserve,
} from '@portobserve/testkit';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createTracedFetch,
  instrumentOpenAI,
  OpenObserveConfigError,
  type OpenObserveHandle,
  openobserveInit,
  openobserveMetricReader,
} from '../../src/index.js';

// Real calls through the real `openai` client to a fake upstream, real OpenTelemetry SDKs, and the
// OpenObserve double's OTLP metrics endpoint, which stores what OpenObserve stores.

const API_KEY = 'sk-metrics-test-0123456789abcdef';
const PROMPT = 'A prompt that must never reach a metric';
const DURATION_BOUNDS = [
  '0.01',
  '0.02',
  '0.04',
  '0.08',
  '0.16',
  '0.32',
  '0.64',
  '1.28',
  '2.56',
  '5.12',
  '10.24',
  '20.48',
  '40.96',
  '81.92',
  'inf',
];

let openobserve: OpenObserveDouble;
let upstream: FakeOpenAI;
let handle: OpenObserveHandle | undefined;
let uninstrument: (() => void) | undefined;

beforeAll(async () => {
  [openobserve, upstream] = await Promise.all([startOpenObserve({ recordBodies: true }), startFakeOpenAI()]);
});
afterEach(async () => {
  uninstrument?.();
  uninstrument = undefined;
  await handle?.shutdown();
  handle = undefined;
  metrics.disable();
  openobserve.reset();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});
afterAll(async () => {
  await Promise.all([openobserve.close(), upstream.close()]);
});

function init(options: Parameters<typeof openobserveInit>[0] = {}): OpenObserveHandle {
  handle = openobserveInit({
    url: openobserve.url,
    authToken: openobserve.authToken,
    serviceName: 'metrics-test',
    ...options,
  });
  uninstrument = instrumentOpenAI(OpenAI);
  return handle;
}

const client = () => new OpenAI({ apiKey: API_KEY, baseURL: upstream.baseURL, maxRetries: 0 });

async function fourCalls(): Promise<void> {
  const openai = client();
  await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: PROMPT }],
  });
  const stream = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: PROMPT }],
    stream: true,
  });
  for await (const _chunk of stream) {
    // read to the end
  }
  await openai.embeddings.create({ model: 'text-embedding-3-small', input: PROMPT });
  upstream.enqueue({ status: 429 });
  await expect(
    openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: PROMPT }] }),
  ).rejects.toThrow();
}

const rowsOf = (stream: string): OpenObserveRow[] => openobserve.metricRows({ stream });
/** The latest cumulative value of each series (rows of one export share `_timestamp`). */
function latest(stream: string): OpenObserveRow[] {
  const rows = rowsOf(stream);
  const last = Math.max(...rows.map((row) => Number(row._timestamp)));
  return rows.filter((row) => row._timestamp === last);
}
const total = (rows: OpenObserveRow[]) => rows.reduce((sum, row) => sum + Number(row.value), 0);

describe('GenAI client metrics exported to OpenObserve', () => {
  it('records duration, token usage and time to first chunk once per call, with the span’s facts', async () => {
    const openobserve_ = init();
    await fourCalls();
    await openobserve_.forceFlush();

    expect(openobserve.metricRequests.at(-1)).toMatchObject({ path: '/api/default/v1/metrics', status: 200 });
    expect(openobserve.metricRequests.at(-1)?.headers.authorization).toBe(openobserve.authToken);
    expect(openobserve.metricRequests.at(-1)?.headers['content-type']).toBe('application/json');
    const metadata = Object.fromEntries(
      openobserve.metricMetadata().map((m) => [m.stream, [m.metric_type, m.unit]]),
    );
    expect(metadata).toEqual({
      gen_ai_client_operation_duration: ['histogram', 's'],
      gen_ai_client_token_usage: ['histogram', '{token}'],
      gen_ai_client_operation_time_to_first_chunk: ['histogram', 's'],
    });

    // Four calls, each counted once; the failed one carries error.type.
    const durations = latest('gen_ai_client_operation_duration_count');
    expect(total(durations)).toBe(4);
    const failed = durations.filter((row) => row.error_type !== undefined);
    expect(failed.map((row) => [row.error_type, row.value])).toEqual([['429', 1]]);
    const chat = durations.find(
      (row) => row.gen_ai_operation_name === 'chat' && row.error_type === undefined,
    );
    expect(chat).toMatchObject({
      gen_ai_provider_name: 'openai',
      gen_ai_request_model: 'gpt-4o-mini',
      server_address: '127.0.0.1',
      server_port: String(new URL(upstream.baseURL).port),
      service_name: 'metrics-test',
      instrumentation_library_name: '@portobserve/core',
      aggregation_temporality: 'AGGREGATION_TEMPORALITY_CUMULATIVE',
    });
    expect(chat?.gen_ai_response_model).toMatch(/^gpt-4o-mini/);
    expect(durations.filter((row) => row.gen_ai_operation_name === 'embeddings')).toHaveLength(1);
    const bounds = latest('gen_ai_client_operation_duration_bucket')
      .filter((row) => row.error_type === '429')
      .map((row) => row.le);
    expect(bounds).toEqual(DURATION_BOUNDS);

    // Tokens: the spans' counts, by gen_ai.token.type; nothing for the failed call.
    const spans = openobserve
      .rows({ stream: 'default' })
      .filter((row) => row.gen_ai_operation_name !== undefined);
    const spanTokens = (column: string) => spans.reduce((sum, row) => sum + Number(row[column] ?? 0), 0);
    const tokenSums = latest('gen_ai_client_token_usage_sum');
    const byType = (type: string) => total(tokenSums.filter((row) => row.gen_ai_token_type === type));
    expect(byType('input')).toBe(spanTokens('gen_ai_usage_input_tokens'));
    expect(byType('output')).toBe(spanTokens('gen_ai_usage_output_tokens'));
    expect(byType('input')).toBeGreaterThan(0);
    expect(tokenSums.some((row) => row.error_type !== undefined)).toBe(false);

    // Time to first chunk: the streamed call only.
    const firstChunk = latest('gen_ai_client_operation_time_to_first_chunk_count');
    expect(firstChunk.map((row) => [row.gen_ai_operation_name, row.value])).toEqual([['chat', 1]]);

    // Never content, never a credential.
    const metricBodies = openobserve.metricRequests
      .map((request) => request.body?.toString('utf8') ?? '')
      .join('\n');
    expect(metricBodies).not.toContain(PROMPT);
    expectNoSecrets({ metrics: metricBodies }, [API_KEY, openobserve.authToken, openobserve.password]);
    expect(openobserve_.metrics.stats()).toMatchObject({ failedExports: 0, rejectedDataPoints: 0 });
    expect(openobserve_.metrics.stats().exports).toBeGreaterThan(0);
  });

  it('records the transport capture’s calls too (createTracedFetch), in the same place', async () => {
    const openobserve_ = init();
    const tracedFetch = createTracedFetch();
    const response = await tracedFetch(`${upstream.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: PROMPT }] }),
    });
    expect(response.status).toBe(200);
    await response.json();
    await openobserve_.forceFlush();
    expect(latest('gen_ai_client_operation_duration_count')).toMatchObject([
      { gen_ai_operation_name: 'chat', gen_ai_provider_name: 'openai', value: 1 },
    ]);
  });

  it('with OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental, records the inference.* token metrics instead', async () => {
    vi.stubEnv('OTEL_SEMCONV_STABILITY_OPT_IN', 'gen_ai_latest_experimental');
    const openobserve_ = init();
    await fourCalls();
    await openobserve_.forceFlush();
    const streams = openobserve.metricStreams().map((item) => item.stream);
    expect(streams).not.toContain('gen_ai_client_token_usage_sum');
    expect(streams).toContain('gen_ai_client_operation_duration_count');
    const input = latest('gen_ai_client_inference_usage_input_tokens');
    expect(input.every((row) => row.gen_ai_token_modality === 'unknown' && row.is_monotonic === 'true')).toBe(
      true,
    );
    // Every call, the failed one with 0 tokens.
    expect(total(latest('gen_ai_client_inference_operation_input_tokens_count'))).toBe(4);
    const failed = latest('gen_ai_client_inference_operation_input_tokens_sum').find(
      (row) => row.error_type === '429',
    );
    expect(failed?.value).toBe(0);
    const spans = openobserve.rows({ stream: 'default' });
    expect(total(input)).toBe(
      spans.reduce((sum, row) => sum + Number(row.gen_ai_usage_input_tokens ?? 0), 0),
    );
    for (const name of ['output_tokens', 'cache_read_input_tokens', 'reasoning_output_tokens']) {
      expect(streams).toContain(`gen_ai_client_inference_usage_${name}`);
    }
  });

  it('metrics: false and OPENOBSERVE_METRICS=false send none, and the spans still go', async () => {
    for (const off of [
      () => init({ metrics: false }),
      () => {
        vi.stubEnv('OPENOBSERVE_METRICS', 'false');
        return init();
      },
    ]) {
      const openobserve_ = off();
      expect(openobserve_.metrics).toMatchObject({ enabled: false, registered: false, endpoint: undefined });
      await fourCalls();
      await openobserve_.forceFlush();
      expect(openobserve.metricRequests).toEqual([]);
      expect(openobserve.rows({ stream: 'default' }).length).toBeGreaterThanOrEqual(4);
      uninstrument?.();
      uninstrument = undefined;
      await openobserve_.shutdown();
      handle = undefined;
      openobserve.reset();
    }
  });

  it('a bad metrics setting logs one error naming it and turns metrics off, never the spans; strict throws', async () => {
    vi.stubEnv('OPENOBSERVE_METRICS', 'maybe');
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const openobserve_ = init();
    expect(openobserve_.enabled).toBe(true);
    expect(openobserve_.metrics.enabled).toBe(false);
    expect(openobserve_.metrics.configError).toBeInstanceOf(OpenObserveConfigError);
    expect((openobserve_.metrics.configError as OpenObserveConfigError).code).toBe('INVALID_METRICS');
    expect(errors.mock.calls.map((call) => String(call[0]))).toEqual([
      expect.stringMatching(/metrics export is off: OPENOBSERVE_METRICS="maybe" is not a boolean/),
    ]);
    await fourCalls();
    await openobserve_.forceFlush();
    expect(openobserve.metricRequests).toEqual([]);
    expect(openobserve.rows({ stream: 'default' }).length).toBeGreaterThanOrEqual(4);
    await openobserve_.shutdown();
    handle = undefined;

    expect(() =>
      openobserveInit({
        url: openobserve.url,
        authToken: openobserve.authToken,
        metrics: { exportIntervalMillis: 0 },
        strict: true,
      }),
    ).toThrow(/metrics.exportIntervalMillis=0/);
  });

  it('a failing backend never reaches the app: one warning per kind naming the metrics URL, counted; the next export makes up for it', async () => {
    const warnings = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const openobserve_ = init();
    openobserve.scriptMetricsResponses([503, 503]);
    await fourCalls();
    await openobserve_.forceFlush();
    await openobserve_.forceFlush();
    expect(openobserve_.metrics.stats()).toMatchObject({ exports: 0, failedExports: 2 });
    const metricWarnings = warnings.mock.calls
      .map((call) => String(call[0]))
      .filter((text) => text.includes('/v1/metrics'));
    expect(metricWarnings).toHaveLength(1);
    expect(metricWarnings[0]).toMatch(
      /answered 503 .*\/api\/default\/v1\/metrics.*not retried.*metrics\.stats\(\)/,
    );
    expect(openobserve.metricStreams()).toEqual([]);

    // Cumulative: the next export carries every call.
    await openobserve_.forceFlush();
    expect(total(latest('gen_ai_client_operation_duration_count'))).toBe(4);

    openobserve.scriptMetricsResponses([
      { status: 206, body: '{"partialSuccess":{"rejectedDataPoints":2,"errorMessage":"Too far data"}}' },
    ]);
    await openobserve_.forceFlush();
    expect(openobserve_.metrics.stats().rejectedDataPoints).toBe(2);
    expect(warnings.mock.calls.filter((call) => String(call[0]).includes('metric data points'))).toHaveLength(
      1,
    );
  });

  it('openobserveMetricReader() sends the metrics of a MeterProvider the app owns', async () => {
    const reader = openobserveMetricReader({ url: openobserve.url, authToken: openobserve.authToken });
    expect(reader.endpoint).toBe(`${openobserve.url}/api/default/v1/metrics`);
    const provider = new MeterProvider({ readers: [reader] });
    expect(metrics.setGlobalMeterProvider(provider)).toBe(true);
    init({ metrics: false });
    await fourCalls();
    await provider.forceFlush();
    expect(total(latest('gen_ai_client_operation_duration_count'))).toBe(4);
    expect(reader.stats().exports).toBeGreaterThan(0);
    await provider.shutdown();
  });

  it('when the app already registered a MeterProvider, openobserveInit warns and says to add openobserveMetricReader()', async () => {
    const warnings = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const appProvider = new MeterProvider();
    metrics.setGlobalMeterProvider(appProvider);
    const openobserve_ = init();
    expect(openobserve_.metrics).toMatchObject({ enabled: false, registered: false });
    expect(warnings.mock.calls.map((call) => String(call[0]))).toContainEqual(
      expect.stringMatching(
        /another OpenTelemetry MeterProvider is already registered.*openobserveMetricReader\(\)/,
      ),
    );
    expect(metrics.getMeterProvider()).toBe(appProvider);
    await appProvider.shutdown();
  });
});
