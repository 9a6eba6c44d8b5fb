import { type Attributes, context, metrics, propagation, trace } from '@opentelemetry/api';
import {
  type DataPoint,
  type Histogram,
  MeterProvider,
  MetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import {
  AlwaysOffSampler,
  InMemorySpanExporter,
  ParentBasedSampler,
  type Sampler,
  SamplingDecision,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { type FakeOpenAI, startFakeOpenAI } from '@portobserve/testkit';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTracedFetch, instrumentOpenAI } from '../../src/index.js';

// The GenAI metrics come from what each call knows, not from its span: a span the sampler drops, or
// the no-op span of an app that registers only a MeterProvider, must not cost the call its metrics.
// Real `openai` client, fake upstream, real SDKs; the metrics are read straight from the SDK's reader.

/** A reader that keeps nothing: `collect()` returns what the MeterProvider has aggregated so far. */
class InMemoryMetricReader extends MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

type TracerSetup =
  | 'recording'
  | 'AlwaysOffSampler'
  | 'ParentBasedSampler(TraceIdRatio 0)'
  | 'only the app’s own spans'
  | 'none';
const SAMPLERS: Record<Exclude<TracerSetup, 'none'>, Sampler | undefined> = {
  recording: undefined,
  'only the app’s own spans': {
    shouldSample: (_context, _traceId, name) => ({
      decision: name === 'app-request' ? SamplingDecision.RECORD_AND_SAMPLED : SamplingDecision.NOT_RECORD,
    }),
    toString: () => 'AppSpansOnly',
  },
  AlwaysOffSampler: new AlwaysOffSampler(),
  'ParentBasedSampler(TraceIdRatio 0)': new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0) }),
};

let upstream: FakeOpenAI;
let cleanups: Array<() => unknown> = [];

beforeAll(async () => {
  upstream = await startFakeOpenAI();
});
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
  trace.disable();
  context.disable();
  propagation.disable();
  metrics.disable();
  upstream.reset();
  vi.unstubAllEnvs();
});
afterAll(() => upstream.close());

/** Registers the tracer setup (or none) and a MeterProvider, and instruments the `openai` class. */
function setUp(setup: TracerSetup): { reader: InMemoryMetricReader; spans: InMemorySpanExporter } {
  const spans = new InMemorySpanExporter();
  if (setup !== 'none') {
    const provider = new NodeTracerProvider({
      sampler: SAMPLERS[setup],
      spanProcessors: [new SimpleSpanProcessor(spans)],
    });
    provider.register();
    cleanups.push(() => provider.shutdown());
  }
  const reader = new InMemoryMetricReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  expect(metrics.setGlobalMeterProvider(meterProvider)).toBe(true);
  cleanups.push(() => meterProvider.shutdown());
  cleanups.push(instrumentOpenAI(OpenAI));
  return { reader, spans };
}

/**
 * Three calls through the `openai` class (plain, streamed, a 429) and one through the transport capture
 * alone. The client sends through the transport capture too: each call must still count once.
 */
async function fourCalls(): Promise<void> {
  const tracedFetch = createTracedFetch();
  const openai = new OpenAI({
    apiKey: 'sk-test-0123456789',
    baseURL: upstream.baseURL,
    maxRetries: 0,
    fetch: tracedFetch,
  });
  const messages = [{ role: 'user' as const, content: 'Hi' }];
  upstream.enqueue(
    { usage: { promptTokens: 100, completionTokens: 7, cachedTokens: 40, reasoningTokens: 3 } },
    { usage: { promptTokens: 20, completionTokens: 5, cachedTokens: 2, reasoningTokens: 1 } },
    { status: 429 },
    { usage: { promptTokens: 3, completionTokens: 2 } },
  );
  await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
  const stream = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
  for await (const _chunk of stream) {
    // read to the end
  }
  await expect(openai.chat.completions.create({ model: 'gpt-4o-mini', messages })).rejects.toThrow();
  const response = await tracedFetch(`${upstream.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test-0123456789' },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages }),
  });
  await response.json();
}

async function pointsOf(reader: MetricReader, name: string): Promise<Array<DataPoint<unknown>>> {
  const { resourceMetrics }: { resourceMetrics: ResourceMetrics } = await reader.collect();
  return resourceMetrics.scopeMetrics
    .flatMap((scope) => scope.metrics)
    .filter((metric) => metric.descriptor.name === name)
    .flatMap((metric) => metric.dataPoints as Array<DataPoint<unknown>>);
}

/** Each series as [attributes, count and sum] (histograms) or [attributes, value] (counters). */
async function seriesOf(reader: MetricReader, name: string): Promise<Array<[Attributes, unknown]>> {
  return (await pointsOf(reader, name)).map((point) => {
    const value = point.value as Histogram | number;
    return [point.attributes, typeof value === 'number' ? value : { count: value.count, sum: value.sum }];
  });
}

function chatAttributes(): Attributes {
  return {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'gpt-4o-mini',
    'server.address': '127.0.0.1',
    'server.port': upstream.port,
  };
}

describe.each<TracerSetup>(['recording', 'AlwaysOffSampler', 'ParentBasedSampler(TraceIdRatio 0)', 'none'])(
  'GenAI metrics with tracer setup: %s',
  (setup) => {
    it('records duration, token usage and time to first chunk, once per call, with the call’s attributes', async () => {
      const { reader, spans } = setUp(setup);
      await fourCalls();

      // The control: spans only where a recording tracer provider is.
      const llmSpans = spans.getFinishedSpans().filter((span) => span.attributes['gen_ai.operation.name']);
      expect(llmSpans).toHaveLength(setup === 'recording' ? 4 : 0);

      const served = { ...chatAttributes(), 'gen_ai.response.model': 'gpt-4o-mini-2024-07-18' };
      const durations = await seriesOf(reader, 'gen_ai.client.operation.duration');
      expect(durations).toHaveLength(2);
      expect(durations).toContainEqual([served, { count: 3, sum: expect.any(Number) }]);
      expect(durations).toContainEqual([
        { ...chatAttributes(), 'error.type': '429' },
        { count: 1, sum: expect.any(Number) },
      ]);

      const tokens = await seriesOf(reader, 'gen_ai.client.token.usage');
      expect(tokens).toHaveLength(2);
      expect(tokens).toContainEqual([
        { ...served, 'gen_ai.token.type': 'input' },
        { count: 3, sum: 100 + 20 + 3 },
      ]);
      expect(tokens).toContainEqual([
        { ...served, 'gen_ai.token.type': 'output' },
        { count: 3, sum: 7 + 5 + 2 },
      ]);

      const firstChunk = await seriesOf(reader, 'gen_ai.client.operation.time_to_first_chunk');
      expect(firstChunk).toEqual([[served, { count: 1, sum: expect.any(Number) }]]);
    });

    it('with gen_ai_latest_experimental, records the cache-read and reasoning tokens too', async () => {
      vi.stubEnv('OTEL_SEMCONV_STABILITY_OPT_IN', 'gen_ai_latest_experimental');
      const { reader } = setUp(setup);
      await fourCalls();

      const served = { ...chatAttributes(), 'gen_ai.response.model': 'gpt-4o-mini-2024-07-18' };
      const byModality = (attributes: Attributes) => ({ ...attributes, 'gen_ai.token.modality': 'unknown' });
      const counter = (name: string) => seriesOf(reader, `gen_ai.client.inference.usage.${name}`);
      expect(await counter('input_tokens')).toContainEqual([byModality(served), 123]);
      expect(await counter('output_tokens')).toContainEqual([byModality(served), 14]);
      expect(await counter('cache_read.input_tokens')).toContainEqual([byModality(served), 42]);
      expect(await counter('reasoning.output_tokens')).toContainEqual([byModality(served), 4]);
      // The failed call too, with 0 tokens and its error.type.
      expect(await seriesOf(reader, 'gen_ai.client.inference.operation.input_tokens')).toContainEqual([
        { ...chatAttributes(), 'error.type': '429' },
        { count: 1, sum: 0 },
      ]);
      expect(await seriesOf(reader, 'gen_ai.client.token.usage')).toEqual([]);
    });
  },
);

describe('a call kept only for its metrics', () => {
  it('reads no content: the prompt is read only by the SDK itself', async () => {
    let reads = 0;
    const message = {
      role: 'user' as const,
      get content() {
        reads += 1;
        return 'hi';
      },
    };
    const call = async (): Promise<number> => {
      reads = 0;
      const openai = new OpenAI({ apiKey: 'sk-test-0123456789', baseURL: upstream.baseURL, maxRetries: 0 });
      await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [message] });
      return reads;
    };
    const bySdkAlone = await call();
    expect(bySdkAlone).toBeGreaterThan(0);

    const { reader } = setUp('AlwaysOffSampler');
    expect(await call()).toBe(bySdkAlone);
    const [duration] = await seriesOf(reader, 'gen_ai.client.operation.duration');
    expect(duration?.[1]).toMatchObject({ count: 1 });

    // The control: a recorded span does read it.
    for (const cleanup of cleanups.reverse()) await cleanup();
    cleanups = [];
    trace.disable();
    metrics.disable();
    setUp('recording');
    expect(await call()).toBeGreaterThan(bySdkAlone);
  });
});

describe('a call kept only for its metrics, inside a recorded span of the app', () => {
  it('leaves the trace as it is: the upstream request carries the app’s span, sampled', async () => {
    const { reader, spans } = setUp('only the app’s own spans');
    const tracedFetch = createTracedFetch();
    const appSpanId = await trace.getTracer('app').startActiveSpan('app-request', async (span) => {
      const response = await tracedFetch(`${upstream.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test-0123456789' },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }),
      });
      await response.json();
      span.end();
      return span.spanContext().spanId;
    });
    expect(spans.getFinishedSpans().map((span) => span.name)).toEqual(['app-request']);
    expect(upstream.requests.at(-1)?.headers.traceparent).toMatch(new RegExp(`^00-\\w{32}-${appSpanId}-01$`));
    const [duration] = await seriesOf(reader, 'gen_ai.client.operation.duration');
    expect(duration?.[1]).toMatchObject({ count: 1 });
  });
});

describe('a call that another instrumentation wraps from outside, sampled out', () => {
  it('is left to it: no span and no metrics of ours, whatever the sampler decided', async () => {
    const { reader, spans } = setUp('AlwaysOffSampler');
    // A shimmer wrapper (OpenTelemetry contrib's, OpenInference's) put on after ours: its span is not
    // recorded, so nothing marks the call as its own but the wrapper itself.
    const prototype = (OpenAI as unknown as { Chat: { Completions: { prototype: Record<string, unknown> } } })
      .Chat.Completions.prototype;
    const ours = prototype.create as (...args: unknown[]) => unknown;
    const outer = Object.assign(
      function create(this: unknown, ...args: unknown[]) {
        return ours.apply(this, args);
      },
      { __original: ours, __wrapped: true },
    );
    prototype.create = outer;
    cleanups.push(() => {
      prototype.create = ours;
    });
    upstream.enqueue({ usage: { promptTokens: 5, completionTokens: 2 } });
    const openai = new OpenAI({ apiKey: 'sk-test-0123456789', baseURL: upstream.baseURL, maxRetries: 0 });
    await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(upstream.requests).toHaveLength(1);
    expect(await pointsOf(reader, 'gen_ai.client.operation.duration')).toEqual([]);
    expect(spans.getFinishedSpans()).toEqual([]);
  });
});
