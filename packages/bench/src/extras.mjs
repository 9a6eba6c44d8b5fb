// The measurements beside the per-call table: Express requests per second with and without the
// middleware (autocannon, local), the spans per second one core serialises and sends, and the heap
// after a burst of 10,000 spans. Each runs in processes of its own; the sink counts what they sent.
import { join } from 'node:path';
import autocannon from 'autocannon';
import { runOnce, startService } from './child-process.mjs';
import { median } from './summarize.mjs';

const here = import.meta.dirname;

export async function runExtras({ nodeBinary, sinkUrl, mockUrl, quick, sink }) {
  const extras = {};
  extras.express = await expressRequestsPerSecond(nodeBinary, sinkUrl, quick, sink);
  extras.exportThroughput = await exportThroughput(nodeBinary, sinkUrl, quick, sink);
  extras.heapBurst = await heapBurst(nodeBinary, mockUrl, sinkUrl, quick, sink);
  return extras;
}

async function expressRequestsPerSecond(nodeBinary, sinkUrl, quick, sink) {
  const duration = quick ? 1 : 6;
  const rounds = quick ? 1 : 3;
  // middleware: the default (a trivial route has nothing under its span: no span is recorded);
  // middleware-all: recordAllRequests, a span for every request, all of which the sink must count.
  // context: a middleware that only runs next() in a context of its own (what any tracing middleware does).
  const kinds = ['bare', 'context', 'middleware', 'middleware-all'];
  const perRound = { bare: [], context: [], middleware: [], 'middleware-all': [] };
  let spansOk = true;
  for (let round = 0; round < rounds; round++) {
    for (const kind of round % 2 ? [...kinds].reverse() : kinds) {
      await sink.ask('reset');
      const app = await startService(
        join(here, 'extras', 'express-app.mjs'),
        nodeBinary,
        [],
        [kind, sinkUrl],
      );
      await autocannon({ url: app.url, connections: 10, duration: 1 }); // warm-up
      const result = await autocannon({ url: app.url, connections: 10, duration });
      const stopped = await app.ask('stop');
      const counted = await sink.ask('count');
      perRound[kind].push(result.requests.average);
      if (kind !== 'bare' && kind !== 'context') {
        const produced = stopped.stats?.producedSpans ?? 0;
        const expected = kind === 'middleware' ? produced === 0 : produced >= result.requests.total;
        const ok = counted.spans === produced && stopped.stats?.droppedSpans === 0 && expected;
        if (!ok) spansOk = false;
        console.log(
          `  express ${kind}: ${result.requests.average.toFixed(0)} req/s, ${counted.spans} spans counted of ${produced} produced`,
        );
      } else {
        console.log(`  express ${kind}: ${result.requests.average.toFixed(0)} req/s`);
      }
    }
  }
  const ratiosOf = (kind) => perRound[kind].map((value, round) => value / perRound.bare[round]);
  const ratios = ratiosOf('middleware');
  const contextRatios = ratiosOf('context');
  const allRatios = ratiosOf('middleware-all');
  const summary = {
    bareRequestsPerSecond: median(perRound.bare),
    contextRequestsPerSecond: median(perRound.context),
    contextRatio: median(contextRatios),
    contextRatioMin: Math.min(...contextRatios),
    contextRatioMax: Math.max(...contextRatios),
    middlewareRequestsPerSecond: median(perRound.middleware),
    ratio: median(ratios),
    ratioMin: Math.min(...ratios),
    ratioMax: Math.max(...ratios),
    recordAllRequestsPerSecond: median(perRound['middleware-all']),
    recordAllRatio: median(allRatios),
    recordAllRatioMin: Math.min(...allRatios),
    recordAllRatioMax: Math.max(...allRatios),
    spansOk,
    perRound,
  };
  const percent = (value) => `${(value * 100).toFixed(1)}%`;
  console.log(
    `\nExpress trivial route: bare ${summary.bareRequestsPerSecond.toFixed(0)} req/s; a context-only middleware ` +
      `${percent(summary.contextRatio)} (${percent(summary.contextRatioMin)}..${percent(summary.contextRatioMax)}); with the middleware ` +
      `${summary.middlewareRequestsPerSecond.toFixed(0)} req/s: ${percent(summary.ratio)} ` +
      `(${percent(summary.ratioMin)}..${percent(summary.ratioMax)}); with recordAllRequests (a span each) ` +
      `${summary.recordAllRequestsPerSecond.toFixed(0)} req/s: ${percent(summary.recordAllRatio)} ` +
      `(${percent(summary.recordAllRatioMin)}..${percent(summary.recordAllRatioMax)})${spansOk ? '' : ' ✗ spans missing'}`,
  );
  return summary;
}

async function exportThroughput(nodeBinary, sinkUrl, quick, sink) {
  const pipelines = [
    'openobserve',
    'openobserve-no-gzip',
    'sdk-json',
    'sdk-json-gzip',
    'sdk-protobuf',
    'sdk-protobuf-gzip',
  ];
  const results = {};
  console.log('\n| pipeline | spans / CPU second | µs CPU / span | spans / wall second | spans |');
  console.log('| --- | ---: | ---: | ---: | --- |');
  for (const pipeline of pipelines) {
    await sink.ask('reset');
    const result = await runOnce(
      join(here, 'extras', 'export-throughput.mjs'),
      [pipeline, sinkUrl, quick ? 'quick' : 'full'],
      nodeBinary,
    );
    const counted = await sink.ask('count');
    result.spansOk = counted.spans === result.spans;
    results[pipeline] = result;
    console.log(
      `| ${pipeline} | ${result.spansPerCpuSecond.toFixed(0)} | ${result.cpuMicrosPerSpan.toFixed(1)} | ` +
        `${result.spansPerWallSecond.toFixed(0)} | ${result.spansOk ? 'all counted' : `✗ ${counted.spans} of ${result.spans}`} |`,
    );
  }
  return results;
}

async function heapBurst(nodeBinary, mockUrl, sinkUrl, quick, sink) {
  await sink.ask('reset');
  const result = await runOnce(
    join(here, 'extras', 'heap-burst.mjs'),
    [mockUrl, sinkUrl, quick ? 'quick' : 'full'],
    nodeBinary,
    ['--expose-gc'],
  );
  const counted = await sink.ask('count');
  result.spansOk = counted.spans === result.spans;
  console.log(
    `\nheap after a burst of ${result.calls} traced calls (50 at a time): baseline ${result.baselineMiB.toFixed(1)} MiB, ` +
      `peak ${result.peakMiB.toFixed(1)} MiB, after flush + GC ${result.afterMiB.toFixed(1)} MiB; ` +
      `${counted.spans} of ${result.spans} spans counted, ${result.stats.droppedSpans} dropped`,
  );
  return result;
}
