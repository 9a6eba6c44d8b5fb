// Markdown tables of the summaries (printed, and pasted into BENCHMARKS.md).
import { PHASES } from './summarize.mjs';
import { VARIANTS } from './variants.mjs';

/** `name@build|pipeline` as the tables show it: the variant's label, and the build if not ours. */
function variantLabel(key) {
  const [name, build] = key.split('|')[0].split('@');
  return `${VARIANTS[name]?.label ?? name}${build ? ` (${build})` : ''}`;
}

function micros(spread) {
  if (!spread) return '';
  const sign = (value) => (value >= 0 ? `+${value.toFixed(0)}` : value.toFixed(0));
  return `${sign(spread.median)} (${spread.min.toFixed(0)}..${spread.max.toFixed(0)})`;
}

function times(spread) {
  return spread ? `${spread.median.toFixed(2)}×` : '';
}

function row(cells) {
  return `| ${cells.join(' | ')} |`;
}

export function formatMainTable(summary) {
  const lines = [
    row([
      'variant',
      'plain: extra CPU µs/call',
      '× floor',
      'streamed',
      '× floor',
      'embeddings',
      'wall p50 / p99 plain (ms)',
      'TTFC ratio',
      'heap after (MiB)',
      'spans',
    ]),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---']),
  ];
  for (const [key, entry] of Object.entries(summary)) {
    const [name] = key.split('|')[0].split('@');
    const { plain, stream, embed } = entry.phases;
    const isBare = name === 'bare';
    lines.push(
      row([
        variantLabel(key),
        isBare ? `${plain.cpuMicrosPerCall.toFixed(0)} (absolute)` : micros(plain.extraCpuMicros),
        isBare || name === 'floor' ? '' : times(plain.timesFloor),
        isBare ? `${stream.cpuMicrosPerCall.toFixed(0)} (absolute)` : micros(stream.extraCpuMicros),
        isBare || name === 'floor' ? '' : times(stream.timesFloor),
        isBare ? `${embed.cpuMicrosPerCall.toFixed(0)} (absolute)` : micros(embed.extraCpuMicros),
        `${plain.p50Ms.toFixed(3)} / ${plain.p99Ms.toFixed(3)}`,
        isBare ? `${entry.ttfcMs.toFixed(2)} ms` : (entry.ttfcRatio?.median.toFixed(2) ?? ''),
        entry.heapAfterMiB.toFixed(1),
        entry.spansOk ? 'all counted' : '✗ missing',
      ]),
    );
  }
  return lines.join('\n');
}

/** Floor and ours on each export pipeline: the floor moves with the pipeline. */
export function formatPipelineTable(summary, pipelines) {
  const lines = [
    row(['pipeline', 'floor plain', 'ours plain', '× floor', 'floor streamed', 'ours streamed', '× floor']),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:']),
  ];
  for (const pipeline of pipelines) {
    const floor = summary[`floor|${pipeline}`];
    const ours = summary[`ours|${pipeline}`];
    if (!floor || !ours) continue;
    lines.push(
      row([
        pipeline,
        micros(floor.phases.plain.extraCpuMicros),
        micros(ours.phases.plain.extraCpuMicros),
        times(ours.phases.plain.timesFloor),
        micros(floor.phases.stream.extraCpuMicros),
        micros(ours.phases.stream.extraCpuMicros),
        times(ours.phases.stream.timesFloor),
      ]),
    );
  }
  return lines.join('\n');
}

/** The table of summarizeClientUnits: extra client units over the bare client, and × the floor. */
export function formatClientUnitsTable(summary) {
  const units = (spread) =>
    spread ? `${spread.median.toFixed(3)} (${spread.min.toFixed(3)}..${spread.max.toFixed(3)})` : '';
  const lines = [
    row(['variant', 'plain: extra, client units', '× floor', 'streamed', '× floor', 'embeddings', '× floor']),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:']),
  ];
  for (const [key, phases] of Object.entries(summary)) {
    const [name] = key.split('|')[0].split('@');
    if (name === 'bare') continue;
    const cells = PHASES.flatMap((phase) => [
      units(phases[phase].extra),
      name === 'floor' ? '' : times(phases[phase].timesFloor),
    ]);
    lines.push(row([variantLabel(key), ...cells]));
  }
  return lines.join('\n');
}
