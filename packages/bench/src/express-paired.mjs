// Paired Express measurement: the apps (bare, a no-op middleware, ours by default, ours with
// recordAllRequests) live in one process and take turns under autocannon, in blocks, over several
// rounds, so load from elsewhere on the machine falls on all of them alike. Per block: the app
// process's CPU µs per request; per round: the difference to the bare app's block; figures: the median
// over rounds (min..max). The sink checks that recordAllRequests' spans all arrived.
//   node src/express-paired.mjs [--contenders=bare,noop,middleware,middleware-all] [--rounds=8] [--seconds=3]
//   [--profile]: the apps' process runs under --cpu-prof (results/profiles/express-paired.cpuprofile)
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startService } from './child-process.mjs';
import { parseArgs } from './cli-args.mjs';
import { printExpressTable } from './express-table.mjs';

const args = parseArgs();
const contenders = String(args.contenders ?? 'bare,noop,middleware,middleware-all').split(',');
if (contenders[0] !== 'bare') contenders.unshift('bare');
const rounds = Number(args.rounds ?? 8);
const seconds = Number(args.seconds ?? 3);

const sink = await startService(join(import.meta.dirname, 'span-sink.mjs'), process.execPath);
const profileArgs = args.profile
  ? [
      '--cpu-prof',
      `--cpu-prof-dir=${join(import.meta.dirname, '..', 'results', 'profiles')}`,
      '--cpu-prof-name=express-paired.cpuprofile',
    ]
  : [];
const apps = await startService(
  join(import.meta.dirname, 'extras', 'express-paired-app.mjs'),
  process.execPath,
  profileArgs,
  [sink.url, ...contenders],
);
const urls = JSON.parse(apps.url);
const cpu = async () => (await apps.ask('cpu')).cpu;

const perRequest = Object.fromEntries(contenders.map((name) => [name, []]));
const rps = Object.fromEntries(contenders.map((name) => [name, []]));
for (const name of contenders) await autocannon({ url: urls[name], connections: 10, duration: 1 }); // warm-up
const requests = { 'middleware-all': 0 };
for (let round = 0; round < rounds; round++) {
  const order = round % 2 ? [...contenders].reverse() : contenders;
  for (const name of order) {
    const before = await cpu();
    const result = await autocannon({ url: urls[name], connections: 10, duration: seconds });
    const used = (await cpu()) - before;
    perRequest[name].push(used / result.requests.total);
    rps[name].push(result.requests.average);
    requests[name] = (requests[name] ?? 0) + result.requests.total;
  }
}
const stopped = await apps.ask('stop');
const counted = await sink.ask('count');

console.log(`Express, paired in one process, ${process.version}, ${rounds} rounds of ${seconds} s per app`);
printExpressTable(contenders, perRequest, rps);
console.log(
  `spans: ${counted.spans} counted, ${stopped.stats.producedSpans} produced, ${stopped.stats.droppedSpans} dropped` +
    (contenders.includes('middleware-all')
      ? ` (recordAllRequests served ${requests['middleware-all']} requests)`
      : ''),
);
sink.child.kill();
process.exit(0);
