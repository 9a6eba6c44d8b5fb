// The heap after a burst of 10,000 traced calls (50 at a time) against the mock server: after GC
// before the burst, at its peak, and after the flush and GC. Run with --expose-gc.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [mockUrl, sinkUrl, quick] = process.argv.slice(2);
const core = await import('@portobserve/core');
const handle = core.openobserveInit({ url: sinkUrl, authToken: 'bench:bench', serviceName: 'bench-heap' });
core.instrumentOpenAI();
const { plainChatBody } = await import('../workload.mjs');
const OpenAI = require('openai');
const client = new OpenAI({ baseURL: mockUrl, apiKey: 'sk-bench', maxRetries: 0 });

const total = quick === 'quick' ? 1000 : 10_000;
for (let index = 0; index < 300; index++) await client.chat.completions.create(plainChatBody());
await handle.forceFlush();
global.gc();
const baseline = process.memoryUsage().heapUsed;
let peak = baseline;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().heapUsed);
}, 5);
let next = 0;
const worker = async () => {
  while (next < total) {
    next += 1;
    await client.chat.completions.create(plainChatBody());
  }
};
await Promise.all(Array.from({ length: 50 }, worker));
clearInterval(sampler);
await handle.forceFlush();
global.gc();
await new Promise((resolve) => setTimeout(resolve, 100));
global.gc();
const after = process.memoryUsage().heapUsed;
const stats = handle.stats();
await handle.shutdown();
process.send?.({
  calls: total,
  spans: total + 300,
  baselineMiB: baseline / 2 ** 20,
  peakMiB: peak / 2 ** 20,
  afterMiB: after / 2 ** 20,
  stats,
});
