import { readFileSync } from 'node:fs';
import { type OpenObserveRow, runOpenObserveSql, type SqlResultRow } from '@portobserve/testkit';

const OVERVIEW = new URL('../../../core/openobserve/dashboards/overview.json', import.meta.url);

interface DashboardFile {
  tabs: { panels: { title: string; queries: { query: string }[] }[] }[];
}

/**
 * The first row of a panel of the installed overview dashboard (the file core ships), run over
 * the given rows as the "default" traces stream.
 */
export async function overviewPanel(
  title: string,
  rows: OpenObserveRow[],
): Promise<SqlResultRow | undefined> {
  const dashboard = JSON.parse(readFileSync(OVERVIEW, 'utf8')) as DashboardFile;
  const panel = dashboard.tabs.flatMap((tab) => tab.panels).find((candidate) => candidate.title === title);
  if (!panel?.queries[0]) throw new Error(`the overview dashboard has no panel "${title}"`);
  const query = panel.queries[0].query.replaceAll('__PORTOBSERVE_TRACES_STREAM__', 'default');
  const [first] = await runOpenObserveSql(query, { default: rows });
  return first;
}
