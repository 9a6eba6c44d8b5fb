// `pnpm bench`: what tracing costs an LLM call. Each variant runs in a fresh child process against a
// mock OpenAI server and a span-counting sink (each in a process of its own, so their CPU is not
// counted), several runs with the order rotated; every figure is the median over runs of the
// per-run difference to the bare client, with min..max. Prints tables and saves JSON in results/.
//
//   pnpm bench                      every table on the Node running it (3 runs)
//   pnpm bench --node=24            the same on Node 24 (packages/node-runtimes)
//   pnpm bench --quick              a smoke run: few calls, one run, figures not meaningful
//   pnpm bench --runs=5 --only=main --variants=bare,floor,ours
//   pnpm bench --only=startup       each variant's start (src/startup.mjs: set-up and first call, 7 rounds)
//   pnpm bench --profile=ours       one run of a variant under --cpu-prof (results/profiles/)
//   pnpm bench --in-process ...     the client's fetch answers from memory: no sockets, less noise
//   pnpm bench --baseline=DIR ...   each variant of ours also runs on the core build in DIR
//                                   (a copy of packages/core/dist): before/after within one run
//   pnpm bench --client-units ...   each phase also profiled: its cost in units of the openai client's
//                                   own work, steadier than CPU µs on a shared machine
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runOnce, startService } from './child-process.mjs';
import { parseArgs } from './cli-args.mjs';
import { readPhaseProfiles } from './profile-busy.mjs';
import { formatClientUnitsTable, formatMainTable, formatPipelineTable } from './report.mjs';
import { summarizeClientUnits, summarizeRuns } from './summarize.mjs';
import { PIPELINE_NAMES, VARIANTS } from './variants.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = join(here, '..');
const args = parseArgs();

const nodeBinary = args.node ? nodeOf(args.node) : process.execPath;
if (args.node && nodeBinary !== process.execPath) {
  // Re-run this script on the requested Node, so every child runs on it too.
  const rest = process.argv.slice(2).filter((arg) => !arg.startsWith('--node='));
  const run = spawnSync(nodeBinary, [fileURLToPath(import.meta.url), ...rest], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}

const quick = args.quick === true;
const runs = Number(args.runs ?? (quick ? 1 : 3));
const sections = String(args.only ?? 'main,pipelines,extras,startup').split(',');
const mainVariants = args.variants ? String(args.variants).split(',') : Object.keys(VARIANTS);
const mode = quick ? 'quick' : 'full';
// --in-process: the client's fetch answers from memory (no sockets): for profiling and quick A/B runs.
const childEnv = args['in-process'] ? { ...process.env, BENCH_IN_PROCESS: '1' } : process.env;
const resultsDir = join(packageRoot, 'results');
mkdirSync(resultsDir, { recursive: true });

const mock = await startService(join(here, 'mock-openai-server.mjs'), nodeBinary);
const sink = await startService(join(here, 'span-sink.mjs'), nodeBinary);
const machine = {
  node: spawnSync(nodeBinary, ['--version'], { encoding: 'utf8' }).stdout.trim(),
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  startedAt: new Date().toISOString(),
};
console.log(
  `bench: ${machine.node}, ${machine.cores} × ${machine.cpu}, ${runs} run(s), ${mode}${args['in-process'] ? ', in-process' : ''}`,
);

const output = { machine, mode, runs, sections: {} };
let failures = 0;

try {
  if (args.profile) {
    await profile(String(args.profile));
  } else {
    if (sections.includes('main')) {
      const list = mainVariants.includes('bare') ? mainVariants : ['bare', ...mainVariants];
      // --pipeline=NAME: every variant of the main table exports through that pipeline instead.
      const pipeline = String(args.pipeline ?? 'openobserve');
      const entries = list.map((name) => ({ name, pipeline }));
      if (args.baseline)
        for (const name of list.filter((name) => name.startsWith('ours')))
          entries.push({ name, pipeline, baseline: true });
      const results = await measureVariants(entries);
      const summary = summarizeRuns(results, `bare|${pipeline}`);
      output.sections.main = { runs: results, summary };
      console.log(`\n${formatMainTable(summary)}`);
      if (args['client-units']) {
        const units = summarizeClientUnits(results, `bare|${pipeline}`);
        output.sections.main.clientUnits = units;
        console.log(
          `\nin units of the openai client's own work (profiles):\n${formatClientUnitsTable(units)}`,
        );
      }
      save();
    }
    if (sections.includes('pipelines')) {
      const list = [{ name: 'bare', pipeline: 'openobserve' }];
      for (const pipeline of PIPELINE_NAMES)
        for (const name of ['floor', 'ours']) list.push({ name, pipeline });
      const results = await measureVariants(list);
      const summary = summarizeRuns(results, 'bare|openobserve');
      output.sections.pipelines = { runs: results, summary };
      console.log(`\n${formatPipelineTable(summary, PIPELINE_NAMES)}`);
      save();
    }
    if (sections.includes('extras')) {
      const { runExtras } = await import('./extras.mjs');
      output.sections.extras = await runExtras({
        nodeBinary,
        sinkUrl: sink.url,
        mockUrl: mock.url,
        quick,
        sink,
      });
    }
    if (sections.includes('startup')) {
      // Fresh processes of its own, with its own sink; it saves results/startup-node<major>.json.
      const startup = spawnSync(
        nodeBinary,
        [
          join(here, 'startup.mjs'),
          `--rounds=${quick ? 1 : 7}`,
          ...(args.variants ? [`--variants=${args.variants}`] : []),
        ],
        { stdio: 'inherit' },
      );
      if (startup.status !== 0) {
        console.error(`bench: the start-up measurement (src/startup.mjs) exited with ${startup.status}`);
        process.exitCode = 1;
      }
    }
    console.log(`\nbench: saved ${save()}`);
  }
} finally {
  mock.child.kill();
  sink.child.kill();
}
if (failures > 0) {
  console.error(`bench: ${failures} variant run(s) did not export every span (marked ✗)`);
  process.exit(1);
}

/** Writes what was measured so far to results/node<major>.json (after each section). */
function save() {
  const name = `${quick ? 'quick-' : ''}${args['in-process'] ? 'in-process-' : ''}${args.only ? `${String(args.only).replaceAll(',', '-')}-` : ''}${args.pipeline ? `${args.pipeline}-` : ''}${args['client-units'] ? 'client-units-' : ''}node${machine.node.split('.')[0].slice(1)}.json`;
  const file = join(resultsDir, name);
  writeFileSync(file, `${JSON.stringify({ ...output, finishedAt: new Date().toISOString() }, null, 2)}\n`);
  return file;
}

/** Every entry once per run, the order rotated by one place each run; the sink counted for each. */
async function measureVariants(entries) {
  const results = [];
  for (let run = 0; run < runs; run++) {
    const shift = (run * Math.max(1, Math.floor(entries.length / runs))) % entries.length;
    const order = [...entries.slice(shift), ...entries.slice(0, shift)];
    const load = loadavg().map((value) => value.toFixed(2));
    console.log(`run ${run + 1}/${runs} (load ${load.join(' ')}): ${order.map(key).join(', ')}`);
    for (const entry of order) {
      await sink.ask('reset');
      const env = entry.baseline ? { ...childEnv, BENCH_CORE_ENTRY: baselineEntry() } : { ...childEnv };
      // --client-units: each phase is also profiled, for its cost in units of the client's own work.
      const profilePrefix = args['client-units']
        ? join(tmpdir(), `bench-${process.pid}-${key(entry).replace(/[|@]/g, '-')}-${run}`)
        : undefined;
      if (profilePrefix) env.BENCH_PROFILE_PREFIX = profilePrefix;
      const result = await runOnce(
        join(here, 'run-variant.mjs'),
        [entry.name, entry.pipeline, mock.url, sink.url, mode],
        nodeBinary,
        ['--expose-gc'],
        env,
      );
      if (profilePrefix) result.clientUnits = readPhaseProfiles(profilePrefix);
      const counted = await sink.ask('count');
      const spans = VARIANTS[entry.name].spans;
      const expected =
        spans.plain * result.calls.plain +
        spans.stream * result.calls.stream +
        spans.embed * result.calls.embed;
      const ok = counted.spans === expected && counted.unreadable === 0;
      if (!ok) {
        failures += 1;
        console.error(`  ✗ ${key(entry)}: the sink counted ${counted.spans} spans, expected ${expected}`);
      }
      const { plain, stream } = result.phases;
      console.log(
        `  ${key(entry).padEnd(34)} plain ${plain.cpuMicrosPerCall.toFixed(0).padStart(5)} µs  ` +
          `streamed ${stream.cpuMicrosPerCall.toFixed(0).padStart(5)} µs  spans ${counted.spans}${ok ? '' : ' ✗'}`,
      );
      results.push({ ...result, run, key: key(entry), load, sink: { ...counted, expected, ok } });
    }
  }
  return results;
}

async function profile(name) {
  const dir = join(resultsDir, 'profiles');
  mkdirSync(dir, { recursive: true });
  const pipeline = String(args.pipeline ?? 'openobserve');
  const file = `${name}${args.baseline ? '@baseline' : ''}${pipeline === 'openobserve' ? '' : `-${pipeline}`}${args['in-process'] ? '-in-process' : ''}.cpuprofile`;
  const result = await runOnce(
    join(here, 'run-variant.mjs'),
    [name, pipeline, mock.url, sink.url, mode],
    nodeBinary,
    ['--expose-gc', '--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${file}`],
    args.baseline ? { ...childEnv, BENCH_CORE_ENTRY: baselineEntry() } : childEnv,
  );
  console.log(JSON.stringify(result.phases, null, 2));
  console.log(`profile: ${join(dir, file)} (node src/profile-summary.mjs FILE)`);
}

function key(entry) {
  return `${entry.name}${entry.baseline ? '@baseline' : ''}|${entry.pipeline}`;
}

function baselineEntry() {
  const file = join(String(args.baseline), 'index.js');
  if (!existsSync(file)) throw new Error(`--baseline: no core build at ${file}`);
  return pathToFileURL(file).href;
}

function nodeOf(major) {
  if (`v${major}` === process.version.split('.')[0]) return process.execPath;
  const binary = join(packageRoot, '..', 'node-runtimes', 'node_modules', `node${major}`, 'bin', 'node');
  if (!existsSync(binary)) throw new Error(`no Node ${major} at ${binary}: run pnpm install`);
  return binary;
}
