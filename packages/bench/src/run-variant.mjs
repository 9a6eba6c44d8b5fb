// One variant in a fresh process: set up, warm up, then plain calls, streamed calls and embeddings,
// each phase timed on its own (process CPU including the final flush, wall p50/p99 per call), time to
// first chunk against a server that waits before the first chunk, and the heap after GC. The result
// goes to the parent over IPC. Run by run-bench.mjs with --expose-gc.
import { setUpVariant } from './variants.mjs';
import { callCounts, embeddingsBody, plainChatBody, streamedChatBody } from './workload.mjs';

const [name, pipelineName, mockUrl, sinkUrl, mode] = process.argv.slice(2);
const counts = callCounts(mode === 'quick');
const { pipeline, calls } = await setUpVariant(name, pipelineName, { mockUrl, sink: sinkUrl });

let chunks = 0;
const onChunk = () => {
  chunks += 1;
};
const workloads = {
  plain: () => calls.plain(plainChatBody()),
  stream: () => calls.stream(streamedChatBody(), onChunk),
  embed: () => calls.embed(embeddingsBody()),
};

// Warm-up: the JIT, the connection pools and the export path (one flush), not measured.
for (let index = 0; index < counts.warmPlain; index++) await workloads.plain();
for (let index = 0; index < counts.warmStream; index++) await workloads.stream();
for (let index = 0; index < counts.warmEmbed; index++) await workloads.embed();
await pipeline.flush();
global.gc?.();
const heapBaseline = process.memoryUsage().heapUsed;

// BENCH_PROFILE_PREFIX: each measured phase (not the set-up, warm-up or TTFC) is CPU-profiled into
// `${prefix}-${phase}.cpuprofile` (src/profile-ratios.mjs).
const profilePrefix = process.env.BENCH_PROFILE_PREFIX;
const phases = {};
for (const phase of ['plain', 'stream', 'embed']) {
  const repeats = [];
  const profiler = profilePrefix ? await startProfiler(`${profilePrefix}-${phase}.cpuprofile`) : undefined;
  for (let repeat = 0; repeat < counts.repeats; repeat++) repeats.push(await measure(phase));
  await profiler?.stop();
  repeats.sort((a, b) => a.cpuMicrosPerCall - b.cpuMicrosPerCall);
  phases[phase] = { ...repeats[0], repeatsCpuMicrosPerCall: repeats.map((r) => r.cpuMicrosPerCall) };
}

async function startProfiler(file) {
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 250 });
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/** One repeat of a phase: process CPU per call including the flush that sends its spans; wall per call. */
async function measure(phase) {
  const durations = new Float64Array(counts[phase]);
  global.gc?.();
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  for (let index = 0; index < durations.length; index++) {
    const started = performance.now();
    await workloads[phase]();
    durations[index] = performance.now() - started;
  }
  // Every span of the phase is serialised and sent before its CPU is read.
  await pipeline.flush();
  const cpu = process.cpuUsage(cpuStart);
  const wallMs = performance.now() - wallStart;
  durations.sort();
  return {
    calls: durations.length,
    cpuMicrosPerCall: (cpu.user + cpu.system) / durations.length,
    wallMs,
    p50Ms: durations[Math.floor(durations.length * 0.5)],
    p99Ms: durations[Math.floor(durations.length * 0.99)],
  };
}

// Time to first chunk: the server waits 5 ms before it, as a model does; from create() to the chunk.
const ttfc = new Float64Array(counts.ttfc);
for (let index = 0; index < ttfc.length; index++) {
  const started = performance.now();
  let first = 0;
  await calls.stream(
    streamedChatBody(),
    () => {
      if (first === 0) first = performance.now() - started;
    },
    { headers: { 'x-bench-first-chunk-delay-ms': '5' } },
  );
  ttfc[index] = first;
}
ttfc.sort();

await pipeline.flush();
global.gc?.();
const heapAfter = process.memoryUsage().heapUsed;
const stats = pipeline.stats();
await pipeline.shutdown();

process.send?.({
  name,
  pipeline: pipelineName,
  node: process.version,
  phases,
  ttfcMs: ttfc[Math.floor(ttfc.length / 2)],
  heapBaselineMiB: heapBaseline / 2 ** 20,
  heapAfterMiB: heapAfter / 2 ** 20,
  chunks,
  calls: {
    plain: counts.warmPlain + counts.plain * counts.repeats,
    stream: counts.warmStream + counts.stream * counts.repeats + counts.ttfc,
    embed: counts.warmEmbed + counts.embed * counts.repeats,
  },
  exportStats: stats,
});
