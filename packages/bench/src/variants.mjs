// What each variant sets up inside its own process: an export pipeline (where spans go and how) and
// an instrumentation (none, a hand-made floor span, ours on either path, or another instrumentation).
// `openai` is loaded through `require` after the instrumentation is set up, so that require hooks
// (OpenTelemetry contrib's, the only way in for it) see it.
import { createRequire } from 'node:module';
import { metrics, SpanKind, trace } from '@opentelemetry/api';
import { cannedFetch } from './canned-responses.mjs';

const require = createRequire(import.meta.url);

/** Export pipelines: ours (OpenObserve's queue, OTLP/JSON) with its options, or the SDK's own. */
const PIPELINES = {
  openobserve: (sink) => openobserve(sink, {}),
  'openobserve-no-gzip': (sink) => openobserve(sink, { compression: 'none' }),
  'openobserve-no-metrics': (sink) => openobserve(sink, { metrics: false }),
  'openobserve-batch-128': (sink) => openobserve(sink, { batch: { maxExportBatchSize: 128 } }),
  'openobserve-batch-2048': (sink) =>
    openobserve(sink, { batch: { maxExportBatchSize: 2048, maxQueueSize: 8192 } }),
  'sdk-batch-json': (sink) => sdkPipeline(sink, '@opentelemetry/exporter-trace-otlp-http', false),
  'sdk-batch-json-gzip': (sink) => sdkPipeline(sink, '@opentelemetry/exporter-trace-otlp-http', true),
  'sdk-batch-protobuf': (sink) => sdkPipeline(sink, '@opentelemetry/exporter-trace-otlp-proto', false),
  'sdk-batch-protobuf-gzip': (sink) => sdkPipeline(sink, '@opentelemetry/exporter-trace-otlp-proto', true),
};

export const PIPELINE_NAMES = Object.keys(PIPELINES);

async function openobserve(sink, options) {
  const { openobserveInit } = await importCore();
  const handle = openobserveInit({ url: sink, authToken: 'bench:bench', serviceName: 'bench', ...options });
  if (!handle.enabled || !handle.registered) throw new Error(`openobserveInit failed: ${handle.configError}`);
  return { flush: () => handle.forceFlush(), shutdown: () => handle.shutdown(), stats: () => handle.stats() };
}

async function sdkPipeline(sink, exporterPackage, gzip) {
  const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node');
  const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base');
  const { resourceFromAttributes } = require('@opentelemetry/resources');
  const { OTLPTraceExporter } = require(exporterPackage);
  const exporter = new OTLPTraceExporter({
    url: `${sink}/api/default/v1/traces`,
    compression: gzip ? 'gzip' : 'none',
  });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'bench' }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  provider.register();
  return { flush: () => provider.forceFlush(), shutdown: () => provider.shutdown(), stats: () => undefined };
}

/** No tracing at all: the baseline every figure is a difference to. */
const NO_PIPELINE = { flush: async () => {}, shutdown: async () => {}, stats: () => undefined };

/**
 * `BENCH_CORE_ENTRY`: another build of core (a file URL), for before/after figures within one run
 * (`--baseline=DIR`).
 */
function importCore() {
  return import(process.env.BENCH_CORE_ENTRY ?? '@portobserve/core');
}

/** `BENCH_IN_PROCESS=1`: no network, the canned answers straight from a fetch (see cannedFetch). */
const inProcess = process.env.BENCH_IN_PROCESS === '1';

function openAIClient(mockUrl, options = {}) {
  const OpenAI = require('openai');
  const fetch = inProcess && !options.fetch ? cannedFetch : options.fetch;
  return new OpenAI({ baseURL: mockUrl, apiKey: 'sk-bench', maxRetries: 0, ...options, fetch });
}

function tracedFetch(createTracedFetch, options) {
  return createTracedFetch(inProcess ? { ...options, fetch: cannedFetch } : options);
}

/**
 * The instrumentations. `spans` is how many spans each kind of call makes (checked against the sink's
 * count); `wrap` replaces the plain calls (the floor's hand-made span).
 */
export const VARIANTS = {
  bare: {
    label: 'bare openai client',
    spans: { plain: 0, stream: 0, embed: 0 },
    async setUp({ mockUrl }) {
      return { pipeline: NO_PIPELINE, client: openAIClient(mockUrl) };
    },
  },
  floor: {
    label: 'floor: hand-made span (model + token counts)',
    spans: { plain: 1, stream: 1, embed: 1 },
    async setUp({ mockUrl, pipeline }) {
      const client = openAIClient(mockUrl);
      return { pipeline, client, calls: floorCalls(client) };
    },
  },
  'floor-full': {
    label: 'floor with our data: hand-made span with the attributes and metrics ours records, content off',
    spans: { plain: 1, stream: 1, embed: 1 },
    async setUp({ mockUrl, pipeline }) {
      const client = openAIClient(mockUrl);
      return { pipeline, client, calls: fullFloorCalls(client) };
    },
  },
  ours: {
    label: '@portobserve/core, content on',
    spans: { plain: 1, stream: 1, embed: 1 },
    async setUp({ mockUrl, pipeline }) {
      const { instrumentOpenAI } = await importCore();
      instrumentOpenAI();
      return { pipeline, client: openAIClient(mockUrl) };
    },
  },
  'ours-genai-off': {
    label: '@portobserve/core, content off, openInferenceAttributes false',
    spans: { plain: 1, stream: 1, embed: 1 },
    async setUp({ mockUrl, pipeline }) {
      const { instrumentOpenAI } = await importCore();
      instrumentOpenAI({ captureContent: false, openInferenceAttributes: false });
      return { pipeline, client: openAIClient(mockUrl) };
    },
  },
  'ours-genai': {
    label: '@portobserve/core, content on, openInferenceAttributes false',
    spans: { plain: 1, stream: 1, embed: 1 },
    async setUp({ mockUrl, pipeline }) {
      const { instrumentOpenAI } = await importCore();
      instrumentOpenAI({ openInferenceAttributes: false });
      return { pipeline, client: openAIClient(mockUrl) };
    },
  },
  'ours-off': {
    label: '@portobserve/core, content off',
    spans: { plain: 1, stream: 1, embed: 1 },
    async setUp({ mockUrl, pipeline }) {
      const { instrumentOpenAI } = await importCore();
      instrumentOpenAI({ captureContent: false });
      return { pipeline, client: openAIClient(mockUrl) };
    },
  },
  'ours-openinference': {
    label: '@portobserve/core, content on, contentFormat openinference',
    spans: { plain: 1, stream: 1, embed: 1 },
    async setUp({ mockUrl, pipeline }) {
      const { instrumentOpenAI } = await importCore();
      instrumentOpenAI({ contentFormat: 'openinference' });
      return { pipeline, client: openAIClient(mockUrl) };
    },
  },
  'ours-both': {
    label: '@portobserve/core, content on, contentFormat both',
    spans: { plain: 1, stream: 1, embed: 1 },
    async setUp({ mockUrl, pipeline }) {
      const { instrumentOpenAI } = await importCore();
      instrumentOpenAI({ contentFormat: 'both' });
      return { pipeline, client: openAIClient(mockUrl) };
    },
  },
  'ours-transport': {
    label: '@portobserve/core transport (createTracedFetch), content on',
    spans: { plain: 1, stream: 1, embed: 1 },
    async setUp({ mockUrl, pipeline }) {
      const { createTracedFetch } = await importCore();
      return { pipeline, client: openAIClient(mockUrl, { fetch: tracedFetch(createTracedFetch, {}) }) };
    },
  },
  'ours-transport-off': {
    label: '@portobserve/core transport (createTracedFetch), content off',
    spans: { plain: 1, stream: 1, embed: 1 },
    async setUp({ mockUrl, pipeline }) {
      const { createTracedFetch } = await importCore();
      return {
        pipeline,
        client: openAIClient(mockUrl, { fetch: tracedFetch(createTracedFetch, { captureContent: false }) }),
      };
    },
  },
  openinference: {
    label: '@arizeai/openinference-instrumentation-openai 4.2.7',
    spans: { plain: 1, stream: 1, embed: 1 },
    async setUp({ mockUrl, pipeline }) {
      const { OpenAIInstrumentation } = require('@arizeai/openinference-instrumentation-openai');
      new OpenAIInstrumentation().manuallyInstrument(require('openai'));
      return { pipeline, client: openAIClient(mockUrl) };
    },
  },
  contrib: {
    label: '@opentelemetry/instrumentation-openai 0.21 (no content)',
    spans: { plain: 1, stream: 1, embed: 1 },
    async setUp({ mockUrl, pipeline }) {
      const { OpenAIInstrumentation } = require('@opentelemetry/instrumentation-openai');
      // Its require hook patches openai when it is loaded below. Its metric instruments are only
      // made by setMeterProvider (as NodeSDK calls it); without them its stream handler throws.
      new OpenAIInstrumentation().setMeterProvider(metrics.getMeterProvider());
      return { pipeline, client: openAIClient(mockUrl) };
    },
  },
  traceloop: {
    label: '@traceloop/instrumentation-openai 0.27 (no embeddings)',
    spans: { plain: 1, stream: 1, embed: 0 },
    async setUp({ mockUrl, pipeline }) {
      const { OpenAIInstrumentation } = require('@traceloop/instrumentation-openai');
      new OpenAIInstrumentation().manuallyInstrument(require('openai').OpenAI);
      return { pipeline, client: openAIClient(mockUrl) };
    },
  },
};

/** Builds the pipeline, then the variant (the pipeline first, so instrumentations find the provider). */
export async function setUpVariant(name, pipelineName, urls) {
  const variant = VARIANTS[name];
  if (!variant) throw new Error(`unknown variant ${name}`);
  const pipeline = name === 'bare' ? NO_PIPELINE : await PIPELINES[pipelineName](urls.sink);
  const built = await variant.setUp({ ...urls, pipeline });
  const client = built.client;
  return {
    pipeline: built.pipeline,
    calls: built.calls ?? {
      plain: (body) => client.chat.completions.create(body),
      stream: async (body, onChunk, options) => {
        for await (const chunk of await client.chat.completions.create(body, options)) onChunk(chunk);
      },
      embed: (body) => client.embeddings.create(body),
    },
  };
}

/** The floor: what the cheapest useful LLM span costs, by hand, with the same provider and exporter. */
function floorCalls(client) {
  const tracer = trace.getTracer('bench-floor');
  const finish = (span, model, usage) => {
    span.setAttributes({
      'gen_ai.response.model': model,
      'gen_ai.usage.input_tokens': usage?.prompt_tokens,
      'gen_ai.usage.output_tokens': usage?.completion_tokens,
    });
    span.end();
  };
  return {
    async plain(body) {
      const span = tracer.startSpan('chat', {
        kind: SpanKind.CLIENT,
        attributes: { 'gen_ai.request.model': body.model },
      });
      const response = await client.chat.completions.create(body);
      finish(span, response.model, response.usage);
      return response;
    },
    async stream(body, onChunk, options) {
      const span = tracer.startSpan('chat', {
        kind: SpanKind.CLIENT,
        attributes: { 'gen_ai.request.model': body.model },
      });
      let model;
      let usage;
      for await (const chunk of await client.chat.completions.create(body, options)) {
        model = chunk.model;
        if (chunk.usage) usage = chunk.usage;
        onChunk(chunk);
      }
      finish(span, model, usage);
    },
    async embed(body) {
      const span = tracer.startSpan('embeddings', {
        kind: SpanKind.CLIENT,
        attributes: { 'gen_ai.request.model': body.model },
      });
      const response = await client.embeddings.create(body);
      finish(span, response.model, response.usage);
      return response;
    },
  };
}

/**
 * The floor with our data: the attributes ours writes with content off (both conventions, tokens, cost)
 * and the same GenAI metrics, by hand and straight-line, on the same provider and exporter. Ours minus
 * this is what our code costs beyond the data it records; this minus the floor is what the data costs.
 */
function fullFloorCalls(client) {
  const tracer = trace.getTracer('bench-floor-full');
  const meter = metrics.getMeter('bench-floor-full');
  // The bucket boundaries ours uses (the GenAI conventions' advice, core/src/call/genai-metric-names.ts).
  const seconds = {
    unit: 's',
    advice: {
      explicitBucketBoundaries: [
        0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
      ],
    },
  };
  const tokens = {
    unit: '{token}',
    advice: {
      explicitBucketBoundaries: [
        1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
      ],
    },
  };
  const duration = meter.createHistogram('gen_ai.client.operation.duration', seconds);
  const firstChunk = meter.createHistogram('gen_ai.client.operation.time_to_first_chunk', seconds);
  const tokenUsage = meter.createHistogram('gen_ai.client.token.usage', tokens);
  const price = { input: 0.15 / 1e6, output: 0.6 / 1e6 };

  const start = (name, operation, body, kind) => {
    const invocation = {};
    for (const key in body)
      if (key !== 'messages' && key !== 'tools' && key !== 'input') invocation[key] = body[key];
    const attributes = {
      'openinference.span.kind': kind,
      'llm.system': 'openai',
      'llm.provider': 'openai',
      'gen_ai.operation.name': operation,
      'gen_ai.provider.name': 'openai',
      'server.address': '127.0.0.1',
      'server.port': 9,
      'llm.model_name': body.model,
      'gen_ai.request.model': body.model,
      'llm.request.parameters.model': body.model,
      'llm.invocation_parameters': JSON.stringify(invocation),
    };
    if (typeof body.max_tokens === 'number') attributes['gen_ai.request.max_tokens'] = body.max_tokens;
    if (typeof body.temperature === 'number') attributes['gen_ai.request.temperature'] = body.temperature;
    return {
      span: tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes }),
      startedAt: performance.now(),
    };
  };
  const finish = (call, operation, requestModel, model, usage, extra) => {
    const input = usage?.prompt_tokens ?? 0;
    const output = usage?.completion_tokens ?? 0;
    const cost = { prompt: input * price.input, completion: output * price.output };
    call.span.setAttributes({
      ...extra,
      'gen_ai.response.model': model,
      'llm.token_count.prompt': input,
      'gen_ai.usage.input_tokens': input,
      'llm.token_count.completion': output,
      'gen_ai.usage.output_tokens': output,
      'llm.token_count.total': usage?.total_tokens,
      'gen_ai.usage.total_tokens': usage?.total_tokens,
      'llm.token_count.prompt_details.cache_read': usage?.prompt_tokens_details?.cached_tokens,
      'gen_ai.usage.cache_read.input_tokens': usage?.prompt_tokens_details?.cached_tokens,
      'llm.token_count.completion_details.reasoning': usage?.completion_tokens_details?.reasoning_tokens,
      'gen_ai.usage.reasoning.output_tokens': usage?.completion_tokens_details?.reasoning_tokens,
      'llm.cost.prompt': cost.prompt,
      'llm.cost.completion': cost.completion,
      'llm.cost.total': cost.prompt + cost.completion,
      'gen_ai.usage.cost': cost.prompt + cost.completion,
    });
    call.span.end();
    const shared = {
      'gen_ai.operation.name': operation,
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': requestModel,
      'gen_ai.response.model': model,
      'server.address': '127.0.0.1',
      'server.port': 9,
    };
    duration.record((performance.now() - call.startedAt) / 1000, shared);
    if (extra?.['gen_ai.response.time_to_first_chunk'] !== undefined)
      firstChunk.record(extra['gen_ai.response.time_to_first_chunk'], shared);
    tokenUsage.record(input, { ...shared, 'gen_ai.token.type': 'input' });
    if (operation === 'chat') tokenUsage.record(output, { ...shared, 'gen_ai.token.type': 'output' });
  };
  return {
    async plain(body) {
      const call = start('ChatCompletion', 'chat', body, 'LLM');
      const response = await client.chat.completions.create(body);
      finish(call, 'chat', body.model, response.model, response.usage, {
        'gen_ai.response.id': response.id,
        'gen_ai.response.finish_reasons': response.choices.map((choice) => choice.finish_reason),
      });
      return response;
    },
    async stream(body, onChunk, options) {
      const call = start('ChatCompletion', 'chat', body, 'LLM');
      let firstChunkAt;
      let last;
      let usage;
      let finishReason;
      for await (const chunk of await client.chat.completions.create(body, options)) {
        firstChunkAt ??= performance.now();
        last = chunk;
        if (chunk.usage) usage = chunk.usage;
        if (chunk.choices[0]?.finish_reason) finishReason = chunk.choices[0].finish_reason;
        onChunk(chunk);
      }
      finish(call, 'chat', body.model, last?.model, usage, {
        'portobserve.stream': true,
        'gen_ai.response.time_to_first_chunk': (firstChunkAt - call.startedAt) / 1000,
        'portobserve.stream.end': 'complete',
        'gen_ai.response.id': last?.id,
        'gen_ai.response.finish_reasons': [finishReason],
      });
    },
    async embed(body) {
      const call = start('Embeddings', 'embeddings', body, 'EMBEDDING');
      const response = await client.embeddings.create(body);
      finish(call, 'embeddings', body.model, response.model, response.usage, {
        'embedding.model_name': body.model,
      });
      return response;
    },
  };
}
