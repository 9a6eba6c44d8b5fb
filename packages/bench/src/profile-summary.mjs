// Where the time goes in a `--cpu-prof` profile: self time by module group (our core, the OTel SDK,
// the OTLP transformer, openai, undici/node internals, GC) and the top functions, as percentages of
// the profile. `node src/profile-summary.mjs results/profiles/ours.cpuprofile [--top=40]`
import { readFileSync } from 'node:fs';
import { busyPerClientSelf } from './profile-busy.mjs';

const [file, ...rest] = process.argv.slice(2);
const top = Number(rest.find((arg) => arg.startsWith('--top='))?.slice(6) ?? 40);
const profile = JSON.parse(readFileSync(file, 'utf8'));

const selfTime = new Map();
const intervals = profile.timeDeltas;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
for (let index = 0; index < profile.samples.length; index++) {
  const id = profile.samples[index];
  selfTime.set(id, (selfTime.get(id) ?? 0) + (intervals[index] ?? 0));
}

function group(url, name) {
  if (!url) return name.startsWith('(') ? name : '(native/builtin)';
  if (url.includes('/packages/core/dist/') || url.includes('/.bench-baseline/')) return '@portobserve/core';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules)/.exec(url);
  if (match) return match[1];
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  return url.replace(/^file:\/\/.*\/packages\//, '');
}

const groups = new Map();
const functions = new Map();
let total = 0;
for (const [id, time] of selfTime) {
  const node = byId.get(id);
  const { functionName, url, lineNumber } = node.callFrame;
  const name = functionName || '(anonymous)';
  const where = group(url, name);
  total += time;
  groups.set(where, (groups.get(where) ?? 0) + time);
  const fnKey = `${where} ${name} ${url ? `${url.split('/').pop()}:${lineNumber + 1}` : ''}`;
  functions.set(fnKey, (functions.get(fnKey) ?? 0) + time);
}

// Our share against the client's own work: self time in our code, the OTel SDK and the OTLP encoder
// per millisecond of self time in the openai package (the same work in every variant), which load on
// a shared machine inflates alike.
const sdkGroups = [
  '@portobserve/core',
  '@opentelemetry/sdk-trace',
  '@opentelemetry/sdk-trace-base',
  '@opentelemetry/otlp-transformer',
  '@opentelemetry/core',
  '@opentelemetry/api',
  '@opentelemetry/context-async-hooks',
];
const tracingSelf = sdkGroups.reduce((sum, name) => sum + (groups.get(name) ?? 0), 0);
const clientSelf = groups.get('openai') ?? 1;
console.log(
  `tracing self time (core + OTel) per openai self time: ${(tracingSelf / clientSelf).toFixed(3)} ` +
    `(core ${((groups.get('@portobserve/core') ?? 0) / clientSelf).toFixed(3)}, GC ${((groups.get('(garbage collector)') ?? 0) / clientSelf).toFixed(3)})`,
);
// Everything busy (idle left out), per openai self time: Node internals, promise hooks and GC included.
console.log(`busy time per openai self time: ${busyPerClientSelf(profile).perClientSelf.toFixed(3)}`);

const percent = (time) => `${((time / total) * 100).toFixed(1).padStart(5)}%`;
console.log(`self time by module (total ${(total / 1000).toFixed(0)} ms)`);
for (const [name, time] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.log(`${percent(time)}  ${name}`);
console.log(`\ntop ${top} functions`);
for (const [name, time] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`${percent(time)}  ${name}`);

// Inclusive time of our code: each sample is charged to the outermost @portobserve/core frame on its
// stack (our entry points), and to every core function on it (inclusive, counted once per sample).
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const entry = new Map();
const inclusive = new Map();
let ours = 0;
for (let index = 0; index < profile.samples.length; index++) {
  const time = intervals[index] ?? 0;
  let id = profile.samples[index];
  let outermost;
  const seen = new Set();
  while (id !== undefined) {
    const node = byId.get(id);
    const { functionName, url, lineNumber } = node.callFrame;
    if (group(url, functionName) === '@portobserve/core') {
      outermost = node;
      const name = `${functionName || '(anonymous)'} :${lineNumber + 1}`;
      if (!seen.has(name)) inclusive.set(name, (inclusive.get(name) ?? 0) + time);
      seen.add(name);
    }
    id = parent.get(id);
  }
  if (outermost) {
    ours += time;
    const name = `${outermost.callFrame.functionName || '(anonymous)'} :${outermost.callFrame.lineNumber + 1}`;
    entry.set(name, (entry.get(name) ?? 0) + time);
  }
}
console.log(`\nunder @portobserve/core frames: ${percent(ours)} (${(ours / 1000).toFixed(0)} ms)`);
console.log('by outermost core frame');
for (const [name, time] of [...entry].sort((a, b) => b[1] - a[1]).slice(0, 15))
  console.log(`${percent(time)}  ${name}`);
console.log('core functions, inclusive');
for (const [name, time] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`${percent(time)}  ${name}`);

// --against=OTHER.cpuprofile: the functions whose self time grew most from OTHER to this profile
// (both runs make the same calls, so milliseconds compare directly).
const against = rest.find((arg) => arg.startsWith('--against='))?.slice(10);
if (against) {
  const other = JSON.parse(readFileSync(against, 'utf8'));
  const otherById = new Map(other.nodes.map((node) => [node.id, node]));
  const otherFunctions = new Map();
  for (let index = 0; index < other.samples.length; index++) {
    const { functionName, url, lineNumber } = otherById.get(other.samples[index]).callFrame;
    const name = functionName || '(anonymous)';
    const where = group(url, name);
    const fnKey = `${where} ${name} ${url ? `${url.split('/').pop()}:${lineNumber + 1}` : ''}`;
    otherFunctions.set(fnKey, (otherFunctions.get(fnKey) ?? 0) + (other.timeDeltas[index] ?? 0));
  }
  const deltas = [...new Set([...functions.keys(), ...otherFunctions.keys()])].map((name) => [
    name,
    (functions.get(name) ?? 0) - (otherFunctions.get(name) ?? 0),
  ]);
  const byGroup = new Map();
  for (const [name, delta] of deltas) {
    const where = name.split(' ')[0];
    byGroup.set(where, (byGroup.get(where) ?? 0) + delta);
  }
  console.log(`\nself time grown against ${against} (ms), by module`);
  for (const [name, delta] of [...byGroup].sort((a, b) => b[1] - a[1]).slice(0, 15))
    console.log(`${(delta / 1000).toFixed(0).padStart(6)}  ${name}`);
  console.log('by function');
  for (const [name, delta] of deltas.sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${(delta / 1000).toFixed(0).padStart(6)}  ${name}`);
}
