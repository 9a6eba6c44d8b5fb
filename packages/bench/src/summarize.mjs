// Figures from the runs: for each variant and phase, the per-run difference to the bare client (µs of
// CPU per call), then the median over runs with min..max; ratios to the floor of the same pipeline
// are taken within each run, then their median.

const PHASES = ['plain', 'stream', 'embed'];

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function spread(values) {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

export function summarizeRuns(results, bareKey) {
  const byRun = new Map();
  for (const result of results) {
    if (!byRun.has(result.run)) byRun.set(result.run, new Map());
    byRun.get(result.run).set(result.key, result);
  }
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
        const diff = result.phases[phase].cpuMicrosPerCall - bare.phases[phase].cpuMicrosPerCall;
        extra.push(diff);
        const floor = runResults.get(floorKey);
        if (floor) {
          const floorDiff = floor.phases[phase].cpuMicrosPerCall - bare.phases[phase].cpuMicrosPerCall;
          ratio.push(diff / floorDiff);
        }
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
