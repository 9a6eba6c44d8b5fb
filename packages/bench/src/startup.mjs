// What a variant costs at start: each variant set up in a fresh process (its export pipeline, its
// instrumentation, `openai` loaded and a client made), then its first plain call, cold. Several rounds,
// the order alternating; per round the difference to the bare client's start in the same round; the
// median over rounds with min..max. The first call is answered from memory, so no socket is timed.
//   node src/startup.mjs [--rounds=7] [--variants=bare,floor,ours,ours-off,openinference,contrib,traceloop]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runOnce, startService } from './child-process.mjs';
import { parseArgs } from './cli-args.mjs';
import { median } from './summarize.mjs';

const args = parseArgs();
const rounds = Number(args.rounds ?? 7);
const variants = String(args.variants ?? 'bare,floor,ours,ours-off,openinference,contrib,traceloop').split(
  ',',
);
if (variants[0] !== 'bare') variants.unshift('bare');

const sink = await startService(join(import.meta.dirname, 'span-sink.mjs'), process.execPath);
const child = join(import.meta.dirname, 'extras', 'startup-child.mjs');
const env = { ...process.env, BENCH_IN_PROCESS: '1' };
const samples = Object.fromEntries(variants.map((name) => [name, []]));
for (let round = 0; round < rounds; round++) {
  for (const name of round % 2 ? [...variants].reverse() : variants) {
    samples[name].push(await runOnce(child, [name, sink.url], process.execPath, [], env));
  }
}
sink.child.kill();

const figure = (values) =>
  `${median(values).toFixed(0)} (${Math.min(...values).toFixed(0)}..${Math.max(...values).toFixed(0)})`;
const overBare = (name, key) => samples[name].map((sample, round) => sample[key] - samples.bare[round][key]);
console.log(
  `Start-up, ${process.version}, ${rounds} rounds, ms (median, min..max; "+" = over bare in the same round)`,
);
console.log(
  '| variant | set-up, wall | first plain call, wall | to the first answer, wall | + to the first answer | + set-up, CPU |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
// The bare client's first call also loads what the others' set-up already loaded (Node's fetch
// classes, for one), so the figure to compare is the whole start: set-up and first call together.
for (const sample of Object.values(samples).flat())
  sample.firstAnswerMs = sample.setupMs + sample.firstCallMs;
const summary = {};
for (const name of variants) {
  const values = (key) => samples[name].map((sample) => sample[key]);
  summary[name] = {
    setupMs: median(values('setupMs')),
    firstCallMs: median(values('firstCallMs')),
    firstAnswerMs: median(values('firstAnswerMs')),
    firstAnswerOverBareMs: median(overBare(name, 'firstAnswerMs')),
    setupCpuOverBareMs: median(overBare(name, 'setupCpuMs')),
  };
  const plus = (key) => (name === 'bare' ? '' : `+${figure(overBare(name, key))}`);
  console.log(
    `| ${name} | ${figure(values('setupMs'))} | ${figure(values('firstCallMs'))} | ${figure(values('firstAnswerMs'))} | ` +
      `${plus('firstAnswerMs')} | ${plus('setupCpuMs')} |`,
  );
}
const resultsDir = join(import.meta.dirname, '..', 'results');
mkdirSync(resultsDir, { recursive: true });
const file = join(resultsDir, `startup-node${process.versions.node.split('.')[0]}.json`);
writeFileSync(
  file,
  `${JSON.stringify({ node: process.version, rounds, finishedAt: new Date().toISOString(), summary, samples }, null, 2)}\n`,
);
console.log(`saved ${file}`);
