// Figures from the runs: for each variant and phase, the per-run difference to the bare client (µs of
// CPU per call), then the median over runs with min..max; ratios to the floor of the same pipeline
// are taken within each run, then their median.

export const PHASES = ['plain', 'stream', 'embed'];

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function spread(values) {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

const cpuMicros = (phase) => (result) => result.phases[phase].cpuMicrosPerCall;
const clientUnits = (phase) => (result) => result.clientUnits?.[phase];

/** One run's difference to the bare client of `measureOf`, and that difference against the floor's. */
function addExtraAndRatio(extra, ratio, measureOf, result, bare, floor) {
  const diff = measureOf(result) - measureOf(bare);
  extra.push(diff);
  if (floor) ratio.push(diff / (measureOf(floor) - measureOf(bare)));
}

/** The results of each run, by key. */
function resultsByRun(results) {
  const byRun = new Map();
  for (const result of results) {
    if (!byRun.has(result.run)) byRun.set(result.run, new Map());
    byRun.get(result.run).set(result.key, result);
  }
  return byRun;
}

/**
 * `--client-units`: per variant and phase, the extra busy time over the bare client's in units of the
 * client's own work (`result.clientUnits`, see profile-busy.mjs), and that extra against the floor's in
 * the same run, as summarizeRuns does for CPU µs.
 */
export function summarizeClientUnits(results, bareKey) {
  const byRun = resultsByRun(results);
  const summary = {};
  for (const key of new Set(results.map((result) => result.key))) {
    const floorKey = `floor|${key.split('|')[1]}`;
    summary[key] = {};
    for (const phase of PHASES) {
      const extra = [];
      const ratio = [];
      for (const runResults of byRun.values()) {
        const result = runResults.get(key);
        const bare = runResults.get(bareKey);
        if (!result?.clientUnits || !bare?.clientUnits) continue;
        addExtraAndRatio(extra, ratio, clientUnits(phase), result, bare, runResults.get(floorKey));
      }
      summary[key][phase] = {
        extra: extra.length ? spread(extra) : undefined,
        timesFloor: ratio.length ? spread(ratio) : undefined,
      };
    }
  }
  return summary;
}

export function summarizeRuns(results, bareKey) {
  const byRun = resultsByRun(results);
  const keys = [...new Set(results.map((result) => result.key))];
  const summary = {};
  for (const key of keys) {
    const pipeline = key.split('|')[1];
    const floorKey = `floor|${pipeline}`;
    const entry = { key, phases: {}, spansOk: true };
    const ttfcRatios = [];
    const heapAfter = [];
    const heapGrowth = [];
    for (const phase of PHASES) {
      const extra = [];
      const ratio = [];
      const p50 = [];
      const p99 = [];
      const bareP50 = [];
      for (const runResults of byRun.values()) {
        const result = runResults.get(key);
        const bare = runResults.get(bareKey);
        if (!result || !bare) continue;
        addExtraAndRatio(extra, ratio, cpuMicros(phase), result, bare, runResults.get(floorKey));
        p50.push(result.phases[phase].p50Ms);
        p99.push(result.phases[phase].p99Ms);
        bareP50.push(bare.phases[phase].p50Ms);
      }
      if (extra.length === 0) continue;
      entry.phases[phase] = {
        extraCpuMicros: spread(extra),
        timesFloor: ratio.length ? spread(ratio) : undefined,
        cpuMicrosPerCall: median(
          [...byRun.values()].map((run) => run.get(key)?.phases[phase].cpuMicrosPerCall).filter(Boolean),
        ),
        p50Ms: median(p50),
        p99Ms: median(p99),
        bareP50Ms: median(bareP50),
      };
    }
    for (const runResults of byRun.values()) {
      const result = runResults.get(key);
      const bare = runResults.get(bareKey);
      if (!result) continue;
      if (!result.sink.ok) entry.spansOk = false;
      if (bare) ttfcRatios.push(result.ttfcMs / bare.ttfcMs);
      heapAfter.push(result.heapAfterMiB);
      heapGrowth.push(result.heapAfterMiB - result.heapBaselineMiB);
    }
    entry.ttfcRatio = ttfcRatios.length ? spread(ttfcRatios) : undefined;
    entry.ttfcMs = median([...byRun.values()].map((run) => run.get(key)?.ttfcMs).filter(Boolean));
    entry.heapAfterMiB = median(heapAfter);
    entry.heapGrowthMiB = median(heapGrowth);
    summary[key] = entry;
  }
  return summary;
}
