import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dashboardImportProblems, promqlReads, sqlReads } from '@portobserve/testkit';
import { describe, expect, it } from 'vitest';
import { ALERT_FILES, assetsDirectory, DASHBOARD_FILES } from '../../src/cli/openobserve-assets.js';

const root = assetsDirectory();
const read = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8')) as Record<string, unknown>;
const dashboards = DASHBOARD_FILES.map((file) => ({ file, json: read(`dashboards/${file}`) }));
const alerts = ALERT_FILES.map((file) => ({ file, json: read(`alerts/${file}`) }));
const columns = read('columns.json') as Record<string, string>;

interface Axis {
  alias: string;
}
interface Panel {
  id: string;
  title: string;
  queryType: string;
  queries: {
    query: string;
    fields: { stream: string; stream_type: string; x: Axis[]; y: Axis[]; breakdown?: Axis[] };
  }[];
}
const allPanels = dashboards.flatMap(({ file, json }) =>
  (json.tabs as { panels: Panel[] }[]).flatMap((tab) => tab.panels.map((panel) => ({ file, panel }))),
);
/** SQL panels read the traces stream; PromQL panels read the GenAI metric streams. */
const panels = allPanels.filter(({ panel }) => panel.queryType === 'sql');
const promqlPanels = allPanels.filter(({ panel }) => panel.queryType === 'promql');
/** The metric streams the exporter's GenAI metrics become in OpenObserve (default names). */
const METRIC_STREAMS = [
  'gen_ai_client_operation_duration',
  'gen_ai_client_token_usage',
  'gen_ai_client_operation_time_to_first_chunk',
].flatMap((name) => ['_bucket', '_count', '_sum', '_min', '_max'].map((suffix) => `${name}${suffix}`));
const STREAM = '__PORTOBSERVE_TRACES_STREAM__';
/** Alert SQL with its threshold placeholders set to a number, as install fills them. */
const alertSql = (json: Record<string, unknown>) =>
  String((json.query_condition as { sql: string }).sql).replace(
    /__PORTOBSERVE_[A-Z0-9_]+_(PERCENT|MS|USD)__/g,
    '7',
  );

describe('the shipped dashboard files', () => {
  it.each(dashboards)("$file passes the checks of OpenObserve's dashboard import", ({ json }) => {
    expect(dashboardImportProblems(json)).toEqual([]);
  });

  it('use unique dashboard ids and titles, and fit the 192-column grid', () => {
    expect(new Set(dashboards.map((d) => d.json.dashboardId)).size).toBe(4);
    expect(new Set(dashboards.map((d) => d.json.title)).size).toBe(4);
    for (const { panel } of allPanels) {
      const layout = (panel as unknown as { layout: { x: number; w: number } }).layout;
      expect(layout.x + layout.w, panel.id).toBeLessThanOrEqual(192);
    }
  });

  it.each(panels.map(({ file, panel }) => ({ name: `${file} ${panel.id}`, panel })))(
    '$name: names the SELECT aliases in x, y and breakdown, and reads the traces stream placeholder',
    ({ panel }) => {
      for (const query of panel.queries) {
        expect(query.fields.stream).toBe(STREAM);
        expect(sqlReads(query.query).streams).toEqual([STREAM]);
        const select = query.query.slice(0, query.query.indexOf(' FROM '));
        for (const axis of [...query.fields.x, ...query.fields.y, ...(query.fields.breakdown ?? [])]) {
          expect(select, axis.alias).toMatch(new RegExp(`(AS ${axis.alias}\\b|^SELECT ${axis.alias},)`));
        }
      }
    },
  );
});

describe('the shipped alert files', () => {
  it.each(alerts)('$file: a SQL alert that fires on the rows its HAVING returns', ({ json }) => {
    const sql = alertSql(json);
    expect(json).toMatchObject({
      stream_type: 'traces',
      stream_name: STREAM,
      is_real_time: false,
      enabled: true,
    });
    expect(json.destinations).toEqual(['__PORTOBSERVE_ALERT_DESTINATION__']);
    expect(String(json.name)).toMatch(/^portobserve_llm_[a-z0-9_]+$/);
    expect(sql).not.toMatch(/select\s+\*/i);
    expect(sql).toMatch(/ HAVING /);
    expect(sqlReads(sql).streams).toEqual([STREAM]);
    const trigger = json.trigger_condition as Record<string, number | string>;
    expect(trigger).toMatchObject({ operator: '>=', threshold: 1 });
    for (const minutes of [trigger.period, trigger.frequency, trigger.silence]) {
      expect(Number.isInteger(minutes) && Number(minutes) > 0).toBe(true);
    }
  });
});

describe('the PromQL panels', () => {
  it('are only the panels metrics make cheaper: Overview latency percentiles and tokens per hour', () => {
    expect(promqlPanels.map(({ file, panel }) => `${file} ${panel.id}`)).toEqual([
      'overview.json tokens_per_hour',
      'overview.json latency_percentiles',
    ]);
    expect(allPanels.every(({ panel }) => ['sql', 'promql'].includes(panel.queryType))).toBe(true);
  });

  it.each(promqlPanels.map(({ file, panel }) => ({ name: `${file} ${panel.id}`, panel })))(
    '$name: parses as PromQL and reads a GenAI metric stream of the metrics type',
    ({ panel }) => {
      for (const query of panel.queries) {
        const reads = promqlReads(query.query);
        expect(reads.errors).toEqual([]);
        expect(reads.metrics).toEqual([query.fields.stream]);
        expect(METRIC_STREAMS).toContain(query.fields.stream);
        expect(query.fields.stream_type).toBe('metrics');
      }
    },
  );
});

describe('columns.json', () => {
  it('lists exactly the stream columns the panels and alerts read, with OpenObserve types', () => {
    const read = new Set<string>();
    for (const { panel } of panels)
      for (const query of panel.queries) for (const c of sqlReads(query.query).columns) read.add(c);
    for (const { json } of alerts) for (const c of sqlReads(alertSql(json)).columns) read.add(c);
    expect(Object.keys(columns).sort()).toEqual([...read].sort());
    expect(new Set(Object.values(columns))).toEqual(new Set(['Utf8', 'Int64', 'Float64']));
    // The numbers OpenObserve provisions for LLM streams keep its types (src/db/src/schema.rs).
    expect(columns).toMatchObject({
      gen_ai_usage_cost: 'Float64',
      gen_ai_usage_total_tokens: 'Int64',
      gen_ai_response_time_to_first_chunk: 'Float64',
      duration: 'Int64',
    });
  });
});

describe('the package', () => {
  it('ships the JSON files for manual import and the portobserve bin', () => {
    const manifest = JSON.parse(readFileSync(join(root, '..', 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
      files: string[];
    };
    expect(manifest.bin).toEqual({ portobserve: './dist/cli/bin.js' });
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
        cwd: join(root, '..'),
        encoding: 'utf8',
      }),
    ) as { files: { path: string }[] }[];
    const files = packed?.files.map((file) => file.path) ?? [];
    for (const file of [
      ...DASHBOARD_FILES.map((f) => `openobserve/dashboards/${f}`),
      ...ALERT_FILES.map((f) => `openobserve/alerts/${f}`),
      'openobserve/columns.json',
      'dist/cli/bin.js',
    ]) {
      expect(files).toContain(file);
    }
  });
});
