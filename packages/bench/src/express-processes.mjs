// Express apps, each in a process of its own (so what one patches process-wide, such as a prototype
// or a timer's context, stays in its process and is counted against it), taking turns under
// autocannon in blocks over several rounds, so load from elsewhere on the machine falls on all of
// them alike. Per block: the app process's CPU µs per request and its req/s; figures: the median over
// rounds of the difference (CPU) and ratio (req/s) to the bare app's block of the same round.
// `src/express-paired.mjs` runs the apps in one process instead, which hides process-wide costs.
//   node src/express-processes.mjs [--contenders=noop,context,middleware,middleware-all] [--rounds=10] [--seconds=3]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startService } from './child-process.mjs';
import { parseArgs } from './cli-args.mjs';
import { printExpressTable } from './express-table.mjs';

const args = parseArgs();
const contenders = String(args.contenders ?? 'noop,context,middleware,middleware-all').split(',');
if (contenders[0] !== 'bare') contenders.unshift('bare');
const rounds = Number(args.rounds ?? 10);
const seconds = Number(args.seconds ?? 3);

const sink = await startService(join(import.meta.dirname, 'span-sink.mjs'), process.execPath);
const apps = {};
for (const name of contenders) {
  const app = await startService(
    join(import.meta.dirname, 'extras', 'express-paired-app.mjs'),
    process.execPath,
    [],
    [sink.url, name],
  );
  apps[name] = { ...app, url: JSON.parse(app.url)[name] };
}
const cpu = async (name) => (await apps[name].ask('cpu')).cpu;

for (const name of contenders) await autocannon({ url: apps[name].url, connections: 10, duration: 1 }); // warm-up
const perRequest = Object.fromEntries(contenders.map((name) => [name, []]));
const rps = Object.fromEntries(contenders.map((name) => [name, []]));
for (let round = 0; round < rounds; round++) {
  for (const name of round % 2 ? [...contenders].reverse() : contenders) {
    const before = await cpu(name);
    const result = await autocannon({ url: apps[name].url, connections: 10, duration: seconds });
    perRequest[name].push(((await cpu(name)) - before) / result.requests.total);
    rps[name].push(result.requests.average);
  }
}
const stats = {};
for (const name of contenders) stats[name] = (await apps[name].ask('stop')).stats;
const counted = await sink.ask('count');
sink.child.kill();

console.log(
  `Express, each app in its own process, ${process.version}, ${rounds} rounds of ${seconds} s per app`,
);
const summary = printExpressTable(contenders, perRequest, rps);
const produced = Object.values(stats).reduce((sum, value) => sum + (value?.producedSpans ?? 0), 0);
const dropped = Object.values(stats).reduce((sum, value) => sum + (value?.droppedSpans ?? 0), 0);
console.log(`spans: ${counted.spans} counted, ${produced} produced, ${dropped} dropped`);
const resultsDir = join(import.meta.dirname, '..', 'results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(
  join(resultsDir, `express-processes-node${process.versions.node.split('.')[0]}.json`),
  `${JSON.stringify({ node: process.version, rounds, seconds, finishedAt: new Date().toISOString(), summary, perRequest, rps }, null, 2)}\n`,
);
process.exit(counted.spans === produced && dropped === 0 ? 0 : 1);
