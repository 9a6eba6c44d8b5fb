// How many spans per second one core serialises and sends: 512 real LLM spans (made by our
// instrumentation, content on, kept by an in-memory processor) are handed to an export pipeline
// again and again, then flushed; CPU seconds of the whole process over spans sent. Pipelines: our
// export queue (OTLP/JSON, gzip or none) and the SDK's OTLP exporters (json, protobuf).
import { createRequire } from 'node:module';
import { cannedFetch } from '../canned-responses.mjs';
import { plainChatBody } from '../workload.mjs';

const require = createRequire(import.meta.url);
const [pipeline, sinkUrl, quick] = process.argv.slice(2);
const { BasicTracerProvider } = require('@opentelemetry/sdk-trace-base');
const core = await import('@portobserve/core');

const kept = [];
const provider = new BasicTracerProvider({
  spanProcessors: [
    { onStart() {}, onEnd: (span) => kept.push(span), forceFlush: async () => {}, shutdown: async () => {} },
  ],
});
const OpenAI = require('openai');
const client = new OpenAI({ baseURL: 'http://127.0.0.1:1/v1', apiKey: 'sk-bench', fetch: cannedFetch });
core.instrumentOpenAI(client, { tracerProvider: provider });
for (let index = 0; index < 512; index++) await client.chat.completions.create(plainChatBody());

const rounds = quick === 'quick' ? 4 : 40;
let send;
let flush;
let stats = () => undefined;
if (pipeline.startsWith('openobserve')) {
  const processor = core.openobserveSpanProcessor({
    url: sinkUrl,
    authToken: 'bench:bench',
    compression: pipeline === 'openobserve-no-gzip' ? 'none' : 'gzip',
    batch: { maxQueueSize: 4096 },
  });
  send = (spans) => {
    for (const span of spans) processor.onEnd(span);
  };
  flush = () => processor.forceFlush();
  stats = () => processor.stats();
} else {
  const exporterPackage = pipeline.includes('protobuf')
    ? '@opentelemetry/exporter-trace-otlp-proto'
    : '@opentelemetry/exporter-trace-otlp-http';
  const { OTLPTraceExporter } = require(exporterPackage);
  const exporter = new OTLPTraceExporter({
    url: `${sinkUrl}/api/default/v1/traces`,
    compression: pipeline.endsWith('gzip') ? 'gzip' : 'none',
  });
  send = (spans) =>
    new Promise((resolve, reject) =>
      exporter.export(spans, (result) => (result.code === 0 ? resolve() : reject(result.error))),
    );
  flush = async () => {};
}

// One warm-up round, then the measured ones.
await send(kept);
await flush();
const cpuStart = process.cpuUsage();
const wallStart = performance.now();
for (let round = 0; round < rounds; round++) {
  await send(kept);
  await flush();
}
const cpu = process.cpuUsage(cpuStart);
const spans = rounds * kept.length;
process.send?.({
  pipeline,
  spans: spans + kept.length,
  measuredSpans: spans,
  spansPerCpuSecond: spans / ((cpu.user + cpu.system) / 1e6),
  spansPerWallSecond: spans / ((performance.now() - wallStart) / 1000),
  cpuMicrosPerSpan: (cpu.user + cpu.system) / spans,
  stats: stats(),
});
