import { readFileSync, rmSync } from 'node:fs';

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

const PHASES = ['plain', 'stream', 'embed'];

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

/**
 * Per variant and phase, over the runs: the extra busy time over the bare client's in units of the
 * client's own work, and that extra against the floor's in the same run; medians with min..max.
 */
export function summarizeClientUnits(results) {
  const byRun = new Map();
  for (const result of results) {
    if (!result.clientUnits) continue;
    if (!byRun.has(result.run)) byRun.set(result.run, new Map());
    byRun.get(result.run).set(result.key, result.clientUnits);
  }
  const keys = [...new Set(results.filter((result) => result.clientUnits).map((result) => result.key))];
  const summary = {};
  for (const key of keys) {
    summary[key] = {};
    for (const phase of PHASES) {
      const extras = [];
      const ratios = [];
      for (const run of byRun.values()) {
        const own = run.get(key)?.[phase];
        const bare =
          run.get('bare|openobserve')?.[phase] ??
          [...run].find(([name]) => name.startsWith('bare|'))?.[1][phase];
        const floor = [...run].find(([name]) => name.startsWith('floor|'))?.[1][phase];
        if (own === undefined || bare === undefined) continue;
        extras.push(own - bare);
        if (floor !== undefined) ratios.push((own - bare) / (floor - bare));
      }
      summary[key][phase] = { extra: spread(extras), timesFloor: spread(ratios) };
    }
  }
  return summary;
}

function spread(values) {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted.at(-1) };
}

/** The table of summarizeClientUnits, labelled by variant. */
export function formatClientUnitsTable(summary, labelOf) {
  const cell = (value, digits) =>
    value
      ? `${value.median.toFixed(digits)} (${value.min.toFixed(digits)}..${value.max.toFixed(digits)})`
      : '';
  const lines = [
    '| variant | plain: extra, client units | × floor | streamed | × floor | embeddings | × floor |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const [key, phases] of Object.entries(summary)) {
    if (key.startsWith('bare|')) continue;
    const isFloor = key.startsWith('floor|');
    const cells = PHASES.flatMap((phase) => [
      cell(phases[phase].extra, 3),
      isFloor ? '' : cell(phases[phase].timesFloor, 2).replace(/^(\S+)/, '$1×'),
    ]);
    lines.push(`| ${labelOf(key)} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}
