// The table of the Express scripts (express-paired.mjs, express-processes.mjs): per app, the median
// over rounds of its CPU µs per request, of the difference to the bare app's block of the same round
// (min..max), of its req/s and of its ratio to bare's. Prints it and returns the medians.
import { median } from './summarize.mjs';

export function printExpressTable(contenders, perRequest, rps) {
  const range = (values) => `${Math.min(...values).toFixed(0)}..${Math.max(...values).toFixed(0)}`;
  console.log('| app | CPU µs/request | extra over bare | req/s | × bare req/s |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  const summary = {};
  for (const name of contenders) {
    const extra = perRequest[name].map((value, index) => value - perRequest.bare[index]);
    const ratio = rps[name].map((value, index) => value / rps.bare[index]);
    summary[name] = {
      cpuMicrosPerRequest: median(perRequest[name]),
      extraMicros: median(extra),
      ratio: median(ratio),
    };
    console.log(
      `| ${name} | ${median(perRequest[name]).toFixed(1)} | ${name === 'bare' ? '' : `+${median(extra).toFixed(1)} (${range(extra)})`} | ` +
        `${median(rps[name]).toFixed(0)} | ${name === 'bare' ? '' : `${(median(ratio) * 100).toFixed(1)}% (${range(ratio.map((value) => value * 100))})`} |`,
    );
  }
  return summary;
}
