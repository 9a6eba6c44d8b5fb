import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPackageJson } from '../package-json/find-package-json.js';
import type { AlertThresholds } from './alert-thresholds.js';
import type { ConnectionSettings } from './connection-settings.js';
import { fillPlaceholders } from './fill-placeholders.js';

/** The dashboard files in `openobserve/dashboards/`, in the order they are installed. */
export const DASHBOARD_FILES = ['overview.json', 'portkey-routing.json', 'cost.json', 'errors.json'] as const;
/** The alert files in `openobserve/alerts/`. */
export const ALERT_FILES = [
  'error-rate.json',
  'p95-latency.json',
  'cost-per-hour.json',
  'fallback-rate.json',
] as const;

/** A dashboard or alert ready to send: its file, its identity (title or name) and its body. */
export interface OpenObserveAsset {
  file: string;
  /** Dashboard title or alert name: how a re-install finds what it installed. */
  key: string;
  body: Record<string, unknown>;
}

/**
 * The `openobserve/` folder shipped in this package (`dashboards/*.json`, `alerts/*.json`,
 * `columns.json`), found from this module's location in `src/` or `dist/`.
 *
 * @example
 * ```ts
 * assetsDirectory(); // '/app/node_modules/@portobserve/core/openobserve'
 * ```
 */
export function assetsDirectory(): string {
  const start = dirname(fileURLToPath(import.meta.url));
  const found = findPackageJson(start, (manifest) => manifest.name === '@portobserve/core', 6);
  if (!found) throw new Error(`@portobserve/core's package.json not found above ${start}`);
  return join(found.directory, 'openobserve');
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/** The placeholders every file may use, filled from the connection settings. */
function connectionValues(connection: ConnectionSettings): Record<string, string> {
  return {
    __PORTOBSERVE_TRACES_STREAM__: connection.stream,
    __PORTOBSERVE_ORG__: connection.org,
    __PORTOBSERVE_BASE_PATH__: connection.basePath,
  };
}

/**
 * The four dashboards, placeholders filled, as the dashboards API takes them (no `dashboardId`: the
 * server assigns it; the files carry one because the UI's import needs it).
 *
 * @example
 * ```ts
 * loadDashboards(connection).map((d) => d.key); // ['LLM calls: overview', 'LLM calls: Portkey routing', …]
 * ```
 */
export function loadDashboards(connection: ConnectionSettings): OpenObserveAsset[] {
  return DASHBOARD_FILES.map((file) => {
    const { dashboardId: _assignedByServer, ...body } = fillPlaceholders(
      readJson(join(assetsDirectory(), 'dashboards', file)),
      connectionValues(connection),
    );
    return { file, key: String(body.title), body };
  });
}

/**
 * The four alerts, placeholders filled: stream, thresholds and the destination name.
 *
 * @example
 * ```ts
 * loadAlerts(connection, thresholds, 'oncall').map((a) => a.key); // ['portobserve_llm_error_rate', …]
 * ```
 */
export function loadAlerts(
  connection: ConnectionSettings,
  thresholds: AlertThresholds,
  destinationName: string,
): OpenObserveAsset[] {
  const values = {
    ...connectionValues(connection),
    __PORTOBSERVE_ALERT_DESTINATION__: destinationName,
    __PORTOBSERVE_ERROR_RATE_PERCENT__: thresholds.errorRatePercent,
    __PORTOBSERVE_P95_LATENCY_MS__: thresholds.p95LatencyMs,
    __PORTOBSERVE_COST_PER_HOUR_USD__: thresholds.costPerHourUsd,
    __PORTOBSERVE_FALLBACK_RATE_PERCENT__: thresholds.fallbackRatePercent,
  };
  return ALERT_FILES.map((file) => {
    const body = fillPlaceholders(readJson(join(assetsDirectory(), 'alerts', file)), values);
    return { file, key: String(body.name), body };
  });
}

/** The names of the installed alerts, without reading thresholds (uninstall needs only these). */
export function alertNames(): string[] {
  return ALERT_FILES.map((file) => String(readJson(join(assetsDirectory(), 'alerts', file)).name));
}

/** The titles of the installed dashboards. */
export function dashboardTitles(): string[] {
  return DASHBOARD_FILES.map((file) => String(readJson(join(assetsDirectory(), 'dashboards', file)).title));
}

/**
 * The stream columns the dashboards and alerts read, with their OpenObserve (Arrow) types. Install
 * adds the missing ones to the stream so no panel fails on a column the stream has not seen yet.
 *
 * @example
 * ```ts
 * loadColumns().portkey_config_id; // 'Utf8'
 * ```
 */
export function loadColumns(): Record<string, string> {
  return readJson(join(assetsDirectory(), 'columns.json')) as Record<string, string>;
}
