import {
  anyJson,
  arrayOf,
  boolean,
  type Decoder,
  type FieldSpec,
  float,
  integer,
  lazy,
  oneOf,
  optional,
  required,
  string,
  struct,
  untagged,
  withDefault,
} from './serde-decoder.js';

// The v8 dashboard as OpenObserve reads it (src/config/src/meta/dashboards/v8/mod.rs at fbab9b80).
// Field names, which ones are required, which `Option`s are written as null and which are skipped
// follow the Rust structs; unknown keys are dropped, as serde drops them.

/** `StreamType`, lower case. */
export const STREAM_TYPES = [
  'logs',
  'metrics',
  'traces',
  'enrichment_tables',
  'file_list',
  'metadata',
  'index',
];

const layout = struct({
  x: withDefault(integer, () => 0),
  y: withDefault(integer, () => 0),
  w: withDefault(integer, () => 0),
  h: withDefault(integer, () => 0),
  i: withDefault(integer, () => 0),
});

const axisItem = struct({
  label: required(string),
  alias: required(string),
  column: optional(string),
  type: optional(oneOf(['build', 'raw', 'custom'])),
  color: optional(string, false),
  functionName: optional(string),
  sortBy: optional(string),
  args: optional(anyJson),
  isDerived: optional(boolean),
  havingConditions: optional(anyJson),
  treatAsNonTimestamp: optional(boolean),
  showFieldAsJson: optional(boolean),
  rawQuery: optional(string),
});

const filterCondition = struct({
  type: required(string),
  values: required(arrayOf(string)),
  column: optional(anyJson, false),
  operator: optional(string, false),
  value: optional(string, false),
  logicalOperator: required(string),
  filterType: required(string),
});

const panelFilter: Decoder = untagged('PanelFilter', [
  filterCondition,
  struct({
    filterType: required(string),
    logicalOperator: required(string),
    conditions: required(arrayOf(lazy(() => panelFilter))),
  }),
]);

const panelFields = struct({
  stream: required(string),
  stream_type: required(oneOf(STREAM_TYPES)),
  x: required(arrayOf(axisItem)),
  y: required(arrayOf(axisItem)),
  z: withDefault(arrayOf(axisItem), () => []),
  breakdown: optional(arrayOf(axisItem)),
  latitude: optional(axisItem),
  longitude: optional(axisItem),
  weight: optional(axisItem),
  name: optional(axisItem),
  value_for_maps: optional(axisItem),
  source: optional(axisItem),
  target: optional(axisItem),
  value: optional(axisItem),
  filter: required(panelFilter),
  promql_labels: { decode: anyJson, default: () => [], skip: (v) => Array.isArray(v) && v.length === 0 },
  promql_operations: { decode: anyJson, default: () => [], skip: (v) => Array.isArray(v) && v.length === 0 },
});

const queryConfig = struct({
  promql_legend: required(string),
  step_value: optional(string),
  layer_type: optional(string),
  weight_fixed: optional(float),
  limit: optional(float),
  min: optional(float),
  max: optional(float),
  time_shift: optional(anyJson),
  query_label: optional(string),
});

const query = struct({
  query: optional(string, false),
  vrlFunctionQuery: optional(string, false),
  customQuery: required(boolean),
  fields: required(panelFields),
  config: required(queryConfig),
  joins: optional(anyJson),
  tabName: optional(string),
});

const drilldown = struct({
  name: optional(string),
  type: optional(string),
  targetBlank: optional(boolean),
  findBy: optional(string),
  data: optional(
    struct({
      url: optional(string),
      folder: optional(string),
      dashboard: optional(string),
      tab: optional(string),
      passAllVariables: optional(boolean),
      variables: optional(anyJson),
      logsMode: optional(string),
      logsQuery: optional(string),
    }),
  ),
});

const BOOLEAN_CONFIG = [
  'top_results_others',
  'axis_border_show',
  'show_symbol',
  'connect_nulls',
  'wrap_table_cells',
  'table_transpose',
  'table_dynamic_columns',
  'show_gridlines',
  'sticky_first_column',
  'table_pagination',
  'table_filtering',
  'table_pivot_show_row_totals',
  'table_pivot_show_col_totals',
  'table_pivot_sticky_row_totals',
  'table_pivot_sticky_col_totals',
  'panel_time_enabled',
];
const NUMBER_CONFIG = [
  'decimals',
  'line_thickness',
  'top_results',
  'y_axis_min',
  'y_axis_max',
  'axis_width',
  'axis_label_rotate',
  'axis_label_truncate_width',
];
const STRING_CONFIG = [
  'legends_type',
  'chart_align',
  'unit',
  'unit_custom',
  'step_value',
  'no_value_replacement',
  'aggregation',
  'lat_label',
  'lon_label',
  'weight_label',
  'name_label',
  'promql_table_mode',
];
const OTHER_CONFIG = [
  'label_option',
  'line_interpolation',
  'legend_width',
  'legend_height',
  'map_type',
  'map_symbol_style',
  'mark_line',
  'override_config',
  'mappings',
  'color',
  'background',
  'sparkline',
  'trellis',
  'table_aggregations',
  'visible_columns',
  'hidden_columns',
  'sticky_columns',
  'column_order',
  'table_pagination_rows_per_page',
  'panel_time_range',
];

const panelConfigFields: Record<string, FieldSpec> = {
  show_legends: required(boolean),
  legends_position: optional(string, false),
  base_map: optional(anyJson, false),
  map_view: optional(anyJson, false),
  drilldown: optional(arrayOf(drilldown)),
};
for (const key of BOOLEAN_CONFIG) panelConfigFields[key] = optional(boolean);
for (const key of NUMBER_CONFIG) panelConfigFields[key] = optional(float);
for (const key of STRING_CONFIG) panelConfigFields[key] = optional(string);
for (const key of OTHER_CONFIG) panelConfigFields[key] = optional(anyJson);

const panel = struct({
  id: required(string),
  type: required(string),
  title: required(string),
  description: required(string),
  config: required(struct(panelConfigFields)),
  queryType: withDefault(string, () => ''),
  queries: required(arrayOf(query)),
  layout: optional(layout),
  htmlContent: optional(string),
  markdownContent: optional(string),
  customChartContent: optional(string),
});

const tab = struct({
  tabId: required(string),
  name: required(string),
  panels: withDefault(arrayOf(panel), () => []),
});

/**
 * Reads a v8 dashboard body into what OpenObserve stores: the struct is `#[serde(default)]`, so
 * every top-level field may be missing, but tabs, panels and queries have required fields.
 *
 * @example
 * ```ts
 * const stored = decodeDashboardV8({ version: 8, title: 'LLM', tabs: [] }, () => new Date().toISOString());
 * stored.created; // now, as the server fills it
 * ```
 */
export function decodeDashboardV8(body: unknown, now: () => string): Record<string, unknown> {
  return struct({
    version: withDefault(integer, () => 0),
    dashboardId: withDefault(string, () => ''),
    title: withDefault(string, () => ''),
    description: withDefault(string, () => ''),
    role: withDefault(string, () => ''),
    owner: withDefault(string, () => ''),
    created: withDefault(string, now),
    tabs: withDefault(arrayOf(tab), () => []),
    variables: optional(anyJson),
    defaultDatetimeDuration: optional(
      struct({
        type: withDefault(string, () => ''),
        relativeTimePeriod: optional(string),
        startTime: optional(integer),
        endTime: optional(integer),
      }),
    ),
    updatedAt: { decode: integer, default: () => 0, neverWritten: true },
  })(body, 'dashboard') as Record<string, unknown>;
}
