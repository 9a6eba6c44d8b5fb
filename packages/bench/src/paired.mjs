// Paired measurement in one process, for before/after figures on a loaded machine: the contenders
// (bare, floor, ours on one or two builds of core) each get their own client, and take turns in blocks
// (each block ends with a flush, so its spans' export is its own); load from other work falls on all
// of them alike. Per block: process CPU per call; per round: the difference to the bare client's
// block; figures: the median over rounds. Ours is set up per client here (`instrumentOpenAI(client)`,
// `createTracedFetch()`), each on its own `OpenAI` subclass so their content settings stay apart.
// `--in-process`: every client's fetch answers from memory (the canned answers), so no socket, HTTP
// parser or mock server is in the measurement.
//   node src/paired.mjs --contenders=bare,floor,ours,ours@baseline,ours-off --baseline=DIR [--rounds=8] [--in-process]
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SpanKind, trace } from '@opentelemetry/api';
import { cannedFetch } from './canned-responses.mjs';
import { startService } from './child-process.mjs';
import { parseArgs } from './cli-args.mjs';
import { median } from './summarize.mjs';
import { embeddingsBody, plainChatBody, streamedChatBody } from './workload.mjs';

const require = createRequire(import.meta.url);
const args = parseArgs();
const contenders = String(args.contenders ?? 'bare,floor,ours,ours-off').split(',');
const rounds = Number(args.rounds ?? 8);
// `--scale=N`: N times the calls in each block (longer blocks, less noise per figure).
const scale = Number(args.scale ?? 1);
const blocks = { plain: 256 * scale, stream: 48 * scale, embed: 128 * scale };
const inProcess = Boolean(args['in-process']);

const mock = await startService(join(import.meta.dirname, 'mock-openai-server.mjs'), process.execPath);
const sink = await startService(join(import.meta.dirname, 'span-sink.mjs'), process.execPath);
const core = await import('@portobserve/core');
const handle = core.openobserveInit({ url: sink.url, authToken: 'bench:bench', serviceName: 'bench' });
const OpenAI = require('openai');

async function coreOf(build) {
  if (!build) return core;
  return import(pathToFileURL(join(String(args[build] ?? build), 'index.js')).href);
}

async function contender(name) {
  const [kind, build] = name.split('@');
  const Client = class extends OpenAI {};
  const client = (options = {}) =>
    new Client({
      baseURL: mock.url,
      apiKey: 'sk-bench',
      maxRetries: 0,
      ...options,
      fetch: options.fetch ?? (inProcess ? cannedFetch : undefined),
    });
  if (kind === 'bare') return direct(client());
  if (kind === 'floor') return floor(client());
  const instrumentation = await coreOf(build);
  const captureContent = !kind.endsWith('-off');
  if (kind.startsWith('transport'))
    return direct(
      client({
        fetch: instrumentation.createTracedFetch({
          captureContent,
          ...(inProcess ? { fetch: cannedFetch } : {}),
        }),
      }),
    );
  const instrumented = client();
  instrumentation.instrumentOpenAI(instrumented, { captureContent });
  return direct(instrumented);
}

function direct(client) {
  return {
    plain: () => client.chat.completions.create(plainChatBody()),
    stream: async () => {
      for await (const _chunk of await client.chat.completions.create(streamedChatBody()));
    },
    embed: () => client.embeddings.create(embeddingsBody()),
  };
}

function floor(client) {
  const tracer = trace.getTracer('bench-floor');
  const span = (name, model) =>
    tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes: { 'gen_ai.request.model': model } });
  const finish = (started, model, usage) => {
    started.setAttributes({
      'gen_ai.response.model': model,
      'gen_ai.usage.input_tokens': usage?.prompt_tokens,
      'gen_ai.usage.output_tokens': usage?.completion_tokens,
    });
    started.end();
  };
  return {
    async plain() {
      const body = plainChatBody();
      const started = span('chat', body.model);
      const response = await client.chat.completions.create(body);
      finish(started, response.model, response.usage);
    },
    async stream() {
      const body = streamedChatBody();
      const started = span('chat', body.model);
      let model;
      let usage;
      for await (const chunk of await client.chat.completions.create(body)) {
        model = chunk.model;
        if (chunk.usage) usage = chunk.usage;
      }
      finish(started, model, usage);
    },
    async embed() {
      const body = embeddingsBody();
      const started = span('embeddings', body.model);
      const response = await client.embeddings.create(body);
      finish(started, response.model, response.usage);
    },
  };
}

const built = [];
for (const name of contenders) built.push({ name, calls: await contender(name), perRound: {} });

async function block(calls, phase) {
  global.gc?.();
  const start = process.cpuUsage();
  for (let index = 0; index < blocks[phase]; index++) await calls[phase]();
  await handle.forceFlush();
  const cpu = process.cpuUsage(start);
  return (cpu.user + cpu.system) / blocks[phase];
}

// Warm-up: one block of each, not counted.
for (const entry of built) for (const phase of Object.keys(blocks)) await block(entry.calls, phase);
await sink.ask('reset');

let spans = 0;
for (let round = 0; round < rounds; round++) {
  // Rotate who goes first, so no contender always follows the same one.
  const order = [...built.slice(round % built.length), ...built.slice(0, round % built.length)];
  for (const phase of Object.keys(blocks)) {
    for (const entry of order) {
      entry.perRound[phase] ??= [];
      entry.perRound[phase][round] = await block(entry.calls, phase);
      if (entry.name !== 'bare') spans += blocks[phase];
    }
  }
}
const counted = await sink.ask('count');

const bare = built.find((entry) => entry.name === 'bare');
const floorEntry = built.find((entry) => entry.name === 'floor');
const extra = (entry, phase) =>
  entry.perRound[phase].map((value, round) => value - bare.perRound[phase][round]);
console.log(
  `paired${inProcess ? ' in process' : ''}: ${process.version}, ${rounds} rounds, blocks of ${JSON.stringify(blocks)} calls; sink counted ${counted.spans} of ${spans} spans`,
);
console.log('| contender | plain µs/call | × floor | streamed | × floor | embeddings | × floor |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
const summary = {};
for (const entry of built) {
  const cells = [entry.name];
  summary[entry.name] = {};
  for (const phase of Object.keys(blocks)) {
    if (entry === bare) {
      const absolute = median(entry.perRound[phase]);
      cells.push(`${absolute.toFixed(0)} (absolute)`, '');
      summary[entry.name][phase] = { absolute };
      continue;
    }
    const values = extra(entry, phase);
    const floorValues = floorEntry ? extra(floorEntry, phase) : undefined;
    const ratio = floorValues ? median(values.map((value, round) => value / floorValues[round])) : undefined;
    const value = median(values);
    summary[entry.name][phase] = { extra: value, min: Math.min(...values), max: Math.max(...values), ratio };
    cells.push(
      `+${value.toFixed(0)} (${Math.min(...values).toFixed(0)}..${Math.max(...values).toFixed(0)})`,
      entry === floorEntry || ratio === undefined ? '' : `${ratio.toFixed(2)}×`,
    );
  }
  console.log(`| ${cells.join(' | ')} |`);
}
if (args.json) console.log(JSON.stringify(summary));
await handle.shutdown();
mock.child.kill();
sink.child.kill();
if (counted.spans !== spans) {
  console.error(`paired: the sink counted ${counted.spans} spans, expected ${spans}`);
  process.exitCode = 1;
}
