// Measures what a failing OpenObserve costs a traced operation: the same operation (a span around a
// real HTTP request to a local server, with 20 child spans) is timed with a healthy, a hanging and a
// refusing OpenObserve double, in one run, and reported as ratios to the healthy case.
// Run: pnpm --filter @portobserve/core bench   (after a build)
import { createServer } from 'node:http';
import { trace } from '@opentelemetry/api';
import { startOpenObserve } from '@portobserve/testkit';
import { openobserveInit } from '../dist/index.js';

const ROUNDS = 400;
const upstream = createServer((_request, response) => response.end('ok'));
await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve));
const upstreamUrl = `http://127.0.0.1:${upstream.address().port}/`;
const double = await startOpenObserve();
const originalWarn = console.warn;
console.warn = () => {};

async function measure(label, prepare) {
  const handle = openobserveInit({
    url: double.url,
    authToken: double.authToken,
    timeoutMs: 500,
    batch: { scheduledDelayMillis: 20, maxQueueSize: 2048 },
  });
  await prepare();
  const tracer = trace.getTracer('bench');
  const durations = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    await tracer.startActiveSpan('operation', async (span) => {
      for (let child = 0; child < 20; child++) tracer.startSpan(`child-${child}`).end();
      await (await fetch(upstreamUrl)).text();
      span.end();
    });
    durations.push(performance.now() - started);
  }
  durations.sort((a, b) => a - b);
  const stats = handle.stats();
  double.reset();
  await double.acceptConnections();
  await handle.shutdown();
  return {
    label,
    median: durations[Math.floor(ROUNDS / 2)],
    p95: durations[Math.floor(ROUNDS * 0.95)],
    exported: stats.exportedSpans,
    dropped: stats.droppedSpans,
    heapMiB: process.memoryUsage().heapUsed / 2 ** 20,
  };
}

// Warm up the JIT and the connection pools first; that round is not reported.
await measure('warm-up', async () => {});
const results = [];
results.push(await measure('healthy', async () => {}));
results.push(await measure('hanging', async () => double.setDelayMs(Number.POSITIVE_INFINITY)));
results.push(await measure('refusing', async () => double.refuseConnections()));
results.push(await measure('healthy again', async () => {}));
console.warn = originalWarn;

const baseline = results[0].median;
console.log(`traced operation (1 HTTP request + 21 spans), ${ROUNDS} rounds per backend`);
for (const result of results) {
  console.log(
    `${result.label.padEnd(14)} median ${result.median.toFixed(3)} ms  p95 ${result.p95.toFixed(3)} ms  ` +
      `ratio ${(result.median / baseline).toFixed(2)}  exported ${result.exported}  dropped ${result.dropped}  ` +
      `heap ${result.heapMiB.toFixed(1)} MiB`,
  );
}
await double.close();
upstream.close();
