import { parseOpenObserveSql } from '../../openobserve-sql/parse-openobserve-sql.js';

/** Panel types OpenObserve's UI knows (web/src/utils/dashboard/panelValidation.ts). */
export const PANEL_TYPES: readonly string[] = [
  'area',
  'line',
  'bar',
  'scatter',
  'area-stacked',
  'donut',
  'pie',
  'h-bar',
  'stacked',
  'h-stacked',
  'heatmap',
  'metric',
  'gauge',
  'geomap',
  'maps',
  'table',
  'sankey',
  'custom_chart',
  'html',
  'markdown',
];

type Json = Record<string, unknown>;
const asObject = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;

/**
 * The checks OpenObserve's UI runs on a dashboard JSON before importing it (`validateDashboardJson`
 * in web/src/utils/dashboard/panelValidation.ts), plus the custom-query rule of its panel editor (no
 * `AS _timestamp`). The file import also needs `dashboardId`; the API does not (it assigns one), so
 * pass `forImport: false` for API bodies. Returns the problems found, empty when it would import.
 *
 * @example
 * ```ts
 * dashboardImportProblems({ version: 8, title: 'x', dashboardId: 'd', tabs: [] });
 * // ['Dashboard must have at least one tab']
 * ```
 */
export function dashboardImportProblems(dashboard: unknown, options: { forImport?: boolean } = {}): string[] {
  const problems: string[] = [];
  const root = asObject(dashboard);
  if (!root) return ['Dashboard JSON is invalid'];
  if ((options.forImport ?? true) && !root.dashboardId) problems.push('Dashboard ID is required');
  if (!root.title) problems.push('Dashboard title is required');
  if (!root.version) problems.push('Dashboard version is required');
  else if (root.version !== 8) problems.push('Dashboard version must be 8');
  const tabs = root.tabs;
  if (!Array.isArray(tabs) || tabs.length === 0) {
    problems.push('Dashboard must have at least one tab');
    return problems;
  }
  const tabIds = new Set<string>();
  const panelIds = new Set<string>();
  for (const tabValue of tabs) {
    const tab = asObject(tabValue) ?? {};
    const tabId = String(tab.tabId ?? '');
    if (!tab.tabId) problems.push('Tab ID is required');
    else if (tabIds.has(tabId)) problems.push(`Duplicate tab ID: ${tabId}`);
    else tabIds.add(tabId);
    if (!tab.name) problems.push(`Tab ${tabId} must have a name`);
    if (!Array.isArray(tab.panels)) {
      problems.push(`Tab ${tabId} must have a panels array`);
      continue;
    }
    const layoutIs = new Set<string>();
    for (const panelValue of tab.panels) {
      const panel = asObject(panelValue) ?? {};
      const id = String(panel.id ?? '');
      if (!panel.id) problems.push(`Panel in tab ${tabId} is missing an ID`);
      else if (panelIds.has(id)) problems.push(`Duplicate panel ID: ${id}`);
      else panelIds.add(id);
      const layout = asObject(panel.layout);
      if (!layout?.i) problems.push(`Panel ${id} is missing layout.i`);
      else if (layoutIs.has(String(layout.i)))
        problems.push(`Duplicate layout.i ${String(layout.i)} in tab ${tabId}`);
      else layoutIs.add(String(layout.i));
      problems.push(...panelProblems(panel, id));
    }
  }
  return problems;
}

function panelProblems(panel: Json, id: string): string[] {
  const problems: string[] = [];
  if (!panel.type) return [`Panel ${id}: type is required`];
  if (!PANEL_TYPES.includes(String(panel.type)))
    problems.push(`Panel ${id}: chart type ${String(panel.type)} is not supported`);
  if (!panel.title) problems.push(`Panel ${id}: title is required`);
  const layout = asObject(panel.layout);
  if (!layout) problems.push(`Panel ${id}: layout is required`);
  else {
    for (const key of ['x', 'y', 'w', 'h']) {
      if (typeof layout[key] !== 'number') problems.push(`Panel ${id}: layout.${key} must be a number`);
    }
  }
  const queries = Array.isArray(panel.queries) ? panel.queries.map((q) => asObject(q) ?? {}) : [];
  if (panel.type === 'markdown' && !String(panel.markdownContent ?? '').trim())
    problems.push(`Panel ${id}: markdown is empty`);
  if (panel.type === 'html' && !String(panel.htmlContent ?? '').trim())
    problems.push(`Panel ${id}: html is empty`);
  if (panel.type === 'markdown' || panel.type === 'html') return problems;
  for (const query of queries) {
    if (!query.customQuery) {
      problems.push(`Panel ${id}: the double only checks custom SQL panels (customQuery: true)`);
      continue;
    }
    if (panel.queryType === 'sql' && typeof query.query === 'string') {
      if (query.query.trim() === '') problems.push(`Panel ${id}: query is empty`);
      else if (aliasesTimestamp(query.query)) problems.push(`Panel ${id}: alias '_timestamp' is not allowed`);
    }
  }
  return problems;
}

function aliasesTimestamp(sql: string): boolean {
  try {
    const select = parseOpenObserveSql(sql);
    return (select.columns ?? []).some((column) => (column as { as?: unknown }).as === '_timestamp');
  } catch {
    return false;
  }
}
