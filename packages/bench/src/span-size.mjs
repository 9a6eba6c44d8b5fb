// What each content format puts on the wire: attributes per span and OTLP/JSON bytes per span (before
// compression) for one plain chat call and one streamed call, recorded in memory with the real SDK and
// serialised with the OTLP transformer. Each setting runs in a child process of its own (content
// settings are app-wide). `node src/span-size.mjs` prints a table and saves results/span-size.json.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SETTINGS = {
  'content off': { captureContent: false },
  'genai (default)': { contentFormat: 'genai' },
  openinference: { contentFormat: 'openinference' },
  both: { contentFormat: 'both' },
  'content off, GenAI names only': { captureContent: false, openInferenceAttributes: false },
  'genai, GenAI names only': { contentFormat: 'genai', openInferenceAttributes: false },
};

const [setting] = process.argv.slice(2);
if (setting) {
  process.stdout.write(JSON.stringify(await measure(SETTINGS[setting])));
} else {
  const rows = Object.keys(SETTINGS).map((label) => {
    const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), label], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`span-size ${label}: ${run.stderr}`);
    return { label, ...JSON.parse(run.stdout) };
  });
  console.log(
    '| content | plain: attributes | plain: OTLP/JSON bytes | streamed: attributes | streamed: bytes |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const row of rows)
    console.log(
      `| ${row.label} | ${row.plain.attributes} | ${row.plain.otlpJsonBytes} | ${row.stream.attributes} | ${row.stream.otlpJsonBytes} |`,
    );
  writeFileSync(
    join(import.meta.dirname, '..', 'results', 'span-size.json'),
    `${JSON.stringify({ node: process.version, rows }, null, 2)}\n`,
  );
}

async function measure(options) {
  const { JsonTraceSerializer } = await import('@opentelemetry/otlp-transformer');
  const { InMemorySpanExporter, SimpleSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
  const { NodeTracerProvider } = await import('@opentelemetry/sdk-trace-node');
  const { cannedFetch } = await import('./canned-responses.mjs');
  const { plainChatBody, streamedChatBody } = await import('./workload.mjs');
  const exporter = new InMemorySpanExporter();
  new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).register();
  const { instrumentOpenAI } = await import('@portobserve/core');
  instrumentOpenAI(options);
  const OpenAI = createRequire(import.meta.url)('openai');
  const client = new OpenAI({ baseURL: 'http://127.0.0.1:9/v1', apiKey: 'sk-bench', fetch: cannedFetch });
  const result = {};
  const calls = {
    plain: () => client.chat.completions.create(plainChatBody()),
    stream: async () => {
      for await (const _chunk of await client.chat.completions.create(streamedChatBody()));
    },
  };
  for (const [kind, call] of Object.entries(calls)) {
    exporter.reset();
    await call();
    const [span] = exporter.getFinishedSpans();
    result[kind] = {
      attributes: Object.keys(span.attributes).length,
      otlpJsonBytes: JsonTraceSerializer.serializeRequest([span]).length,
    };
  }
  return result;
}
