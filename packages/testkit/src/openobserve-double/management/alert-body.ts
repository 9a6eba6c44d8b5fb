import { STREAM_TYPES } from './dashboard-v8.js';
import {
  anyJson,
  arrayOf,
  boolean,
  type Decoder,
  float,
  integer,
  mapOf,
  oneOf,
  optional,
  string,
  struct,
  withDefault,
} from './serde-decoder.js';

// The v2 alert as the HTTP API reads and writes it (src/api/management/src/models/alerts/mod.rs at
// fbab9b80): every field has a default; `period`, `frequency` and `silence` are minutes.

/** Trigger and condition operators as serialized. */
export const ALERT_OPERATORS = ['=', '!=', '>', '>=', '<', '<=', 'Contains', 'NotContains'];

const strings = arrayOf(string);

const queryCondition = struct({
  type: withDefault(oneOf(['custom', 'sql', 'promql', 'slo']), () => 'custom'),
  conditions: optional(anyJson, false),
  sql: optional(string, false),
  promql: optional(string, false),
  promql_condition: optional(anyJson, false),
  promql_warning_value: optional(float),
  promql_multi_alert: { decode: boolean, default: () => false, skip: (v) => v === false },
  aggregation: optional(anyJson, false),
  vrl_function: optional(string, false),
  search_event_type: optional(string, false),
  multi_time_range: optional(anyJson, false),
  slo_condition: optional(anyJson),
});

const triggerCondition = struct({
  period: withDefault(integer, () => 0),
  operator: withDefault(oneOf(ALERT_OPERATORS), () => '='),
  threshold: withDefault(integer, () => 0),
  warning_threshold: optional(integer),
  notify_on_warning: optional(boolean),
  frequency: withDefault(integer, () => 0),
  cron: withDefault(string, () => ''),
  frequency_type: optional(oneOf(['cron', 'minutes'])),
  silence: withDefault(integer, () => 0),
  timezone: optional(string),
  tolerance_in_secs: optional(integer, false),
  align_time: withDefault(boolean, () => true),
});

const defaultOf = (decoder: Decoder) => () => decoder({}, 'default');

/**
 * Reads an alert body (`CreateAlertRequestBody` / `UpdateAlertRequestBody`, whose alert fields are
 * flattened) into the API's alert form, every missing field at its default. `alert_destinations` is
 * accepted for `destinations`, as serde's alias.
 *
 * @example
 * ```ts
 * decodeAlert({ name: 'a', query_condition: { type: 'sql', sql: 'SELECT 1' } }).trigger_condition;
 * // { period: 0, operator: '=', threshold: 0, frequency: 0, cron: '', silence: 0, tolerance_in_secs: null, align_time: true }
 * ```
 */
export function decodeAlert(body: unknown): Record<string, unknown> {
  const input =
    typeof body === 'object' && body !== null && !Array.isArray(body) && !('destinations' in body)
      ? { ...body, destinations: (body as Record<string, unknown>).alert_destinations }
      : body;
  return struct({
    id: optional(string, false),
    name: withDefault(string, () => ''),
    org_id: withDefault(string, () => ''),
    stream_type: withDefault(oneOf(STREAM_TYPES), () => 'logs'),
    stream_name: withDefault(string, () => ''),
    is_real_time: withDefault(boolean, () => false),
    query_condition: withDefault(queryCondition, defaultOf(queryCondition)),
    trigger_condition: withDefault(triggerCondition, defaultOf(triggerCondition)),
    destinations: withDefault(strings, () => []),
    template: optional(string),
    context_attributes: optional(mapOf(string)),
    row_template: withDefault(string, () => ''),
    row_template_type: withDefault(oneOf(['String', 'Json']), () => 'String'),
    description: withDefault(string, () => ''),
    enabled: withDefault(boolean, () => false),
    tz_offset: withDefault(integer, () => 0),
    last_triggered_at: optional(integer, false),
    last_satisfied_at: optional(integer, false),
    owner: optional(string, false),
    updated_at: optional(integer),
    last_edited_by: optional(string, false),
    deduplication: optional(anyJson),
    creates_incident: withDefault(boolean, () => false),
    workflows: withDefault(strings, () => []),
    priority: optional(integer),
    tags: { decode: strings, default: () => [], skip: (v) => Array.isArray(v) && v.length === 0 },
    scheduler_job_present: optional(boolean),
  })(input, 'alert') as Record<string, unknown>;
}
