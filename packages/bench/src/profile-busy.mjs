import { readFileSync, rmSync } from 'node:fs';
import { PHASES } from './summarize.mjs';

// The cost of a profiled run in units of the openai client's own work: busy time (idle left out) per
// millisecond of self time in the openai package. The client does the same work in every variant, in
// the same process and at the same moment as the rest, so a slower machine (steal, clock) inflates
// both alike and the ratio holds still where CPU µs per call move by a third between runs.

/** @returns {{ busyMs: number, clientSelfMs: number, perClientSelf: number }} */
export function busyPerClientSelf(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  let busy = 0;
  let clientSelf = 0;
  for (let index = 0; index < profile.samples.length; index++) {
    const { callFrame } = byId.get(profile.samples[index]);
    const time = profile.timeDeltas[index] ?? 0;
    if (callFrame.functionName === '(idle)') continue;
    busy += time;
    if (/node_modules\/openai\//.test(callFrame.url)) clientSelf += time;
  }
  return { busyMs: busy / 1000, clientSelfMs: clientSelf / 1000, perClientSelf: busy / clientSelf };
}

/** Reads (and deletes) the phase profiles a child wrote under `prefix`: each phase's busyPerClientSelf. */
export function readPhaseProfiles(prefix) {
  const units = {};
  for (const phase of PHASES) {
    const file = `${prefix}-${phase}.cpuprofile`;
    units[phase] = busyPerClientSelf(JSON.parse(readFileSync(file, 'utf8'))).perClientSelf;
    rmSync(file);
  }
  return units;
}
