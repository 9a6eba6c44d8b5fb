// Our export queue on two builds of core, paired in one process: the same 512 LLM spans (content on,
// each with a prompt of its own, so the compressor sees data that varies as real spans do) are handed
// to each build's `openobserveSpanProcessor` in turn, 5 times then a flush per block, the order
// alternating by round, against a local sink that only answers. Per build: process CPU µs per span,
// the median over rounds (the first two are warm-up). For before/after figures on an export change.
//   node src/export-paired.mjs --baseline=DIR [--rounds=16] [--compression=gzip|none]
import http from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cannedFetch } from './canned-responses.mjs';
import { parseArgs } from './cli-args.mjs';
import { median } from './summarize.mjs';
import { plainChatBody, streamedChatBody } from './workload.mjs';

const require = createRequire(import.meta.url);
const args = parseArgs();
if (!args.baseline)
  throw new Error(
    'export-paired: pass --baseline=DIR, a copy of packages/core/dist kept inside packages/core',
  );
const rounds = Number(args.rounds ?? 16);
const compression = args.compression === 'none' ? 'none' : 'gzip';

const sink = http.createServer((request, response) => {
  request.resume();
  request.on('end', () => response.end('{"code":200}'));
});
await new Promise((resolve) => sink.listen(0, '127.0.0.1', resolve));
const sinkUrl = `http://127.0.0.1:${sink.address().port}`;

const builds = {
  current: await import('@portobserve/core'),
  baseline: await import(pathToFileURL(join(String(args.baseline), 'index.js')).href),
};
const spans = await llmSpans(builds.current);
const processors = Object.fromEntries(
  Object.entries(builds).map(([name, core]) => [
    name,
    core.openobserveSpanProcessor({
      url: sinkUrl,
      authToken: 'bench:bench',
      compression,
      batch: { maxQueueSize: 4096 },
    }),
  ]),
);

const perSpan = { current: [], baseline: [] };
for (let round = 0; round < rounds; round++) {
  for (const name of round % 2 ? ['current', 'baseline'] : ['baseline', 'current']) {
    const processor = processors[name];
    const start = process.cpuUsage();
    for (let repeat = 0; repeat < 5; repeat++) {
      for (const span of spans) processor.onEnd(span);
      await processor.forceFlush();
    }
    const cpu = process.cpuUsage(start);
    if (round >= 2) perSpan[name].push((cpu.user + cpu.system) / (5 * spans.length));
  }
}
for (const [name, processor] of Object.entries(processors)) {
  const stats = processor.stats();
  if (stats.exportedSpans !== stats.producedSpans || stats.droppedSpans > 0)
    throw new Error(`export-paired: ${name} did not export every span: ${JSON.stringify(stats)}`);
}
console.log(
  `${process.version}, ${compression}: µs CPU per span, baseline ${median(perSpan.baseline).toFixed(1)}, ` +
    `current ${median(perSpan.current).toFixed(1)} (median of ${perSpan.current.length} rounds; every span exported)`,
);
sink.close();
process.exit(0);

/** 512 spans of real LLM calls (half plain, half streamed), made by our instrumentation, kept in memory. */
async function llmSpans(core) {
  const { BasicTracerProvider } = require('@opentelemetry/sdk-trace-base');
  const kept = [];
  const keep = {
    onStart() {},
    onEnd: (span) => kept.push(span),
    forceFlush: async () => {},
    shutdown: async () => {},
  };
  const provider = new BasicTracerProvider({ spanProcessors: [keep] });
  const OpenAI = require('openai');
  const client = new OpenAI({ baseURL: 'http://127.0.0.1:1/v1', apiKey: 'sk-bench', fetch: cannedFetch });
  core.instrumentOpenAI(client, { tracerProvider: provider });
  const prompt = () => ({
    role: 'user',
    content: Array.from({ length: 40 }, () =>
      Math.random()
        .toString(36)
        .slice(2, 2 + Math.floor(Math.random() * 8)),
    ).join(' '),
  });
  for (let call = 0; call < 256; call++) {
    const plain = plainChatBody();
    await client.chat.completions.create({ ...plain, messages: [...plain.messages, prompt()] });
    const streamed = streamedChatBody();
    for await (const _chunk of await client.chat.completions.create({
      ...streamed,
      messages: [...streamed.messages, prompt()],
    }));
  }
  return kept;
}
