// One variant's start, in a fresh process: from the first line of this script to the variant set up
// (its pipeline, its instrumentation, `openai` loaded and a client made), then its first plain call
// (cold: nothing compiled yet), answered from memory (BENCH_IN_PROCESS=1) so no socket is timed. Sends
// { setupMs, setupCpuMs, firstCallMs } to the parent.
const startedAt = performance.now();
const cpuAtStart = process.cpuUsage();
const { setUpVariant } = await import('../variants.mjs');
const { plainChatBody } = await import('../workload.mjs');
const [name, sinkUrl] = process.argv.slice(2);
const { pipeline, calls } = await setUpVariant(name, 'openobserve', {
  mockUrl: 'http://127.0.0.1:9/v1',
  sink: sinkUrl,
});
const setupMs = performance.now() - startedAt;
const cpu = process.cpuUsage(cpuAtStart);
const callStartedAt = performance.now();
await calls.plain(plainChatBody());
const firstCallMs = performance.now() - callStartedAt;
await pipeline.shutdown();
process.send?.({ setupMs, setupCpuMs: (cpu.user + cpu.system) / 1000, firstCallMs });
