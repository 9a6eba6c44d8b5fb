import { OpenObserveConfigError } from '../errors.js';
import type { OpenObserveOptions } from './openobserve-options.js';
import { type Environment, readEnvBoolean, readEnvPositiveNumber, readEnvString } from './read-env.js';
import { withoutCredentials } from './resolve-export-target.js';
import type { ResolvedOpenObserveConfig } from './resolve-openobserve-config.js';

/** The metric export's own settings; URL, credentials, timeout and compression are the spans'. */
export interface ResolvedMetricsConfig {
  /** False with `metrics: false`, `OPENOBSERVE_METRICS=false`, or when export is off altogether. */
  enabled: boolean;
  /** `{url}/api/{org}/v1/metrics`, or the standard OTLP metrics endpoint. */
  metricsEndpoint: string;
  /** Where the metrics URL came from, for warnings. */
  endpointSetting: string;
  exportIntervalMillis: number;
}

const DEFAULT_EXPORT_INTERVAL_MS = 60_000;
const TRACES_PATH = /\/v1\/traces\/?$/;

/**
 * The metric export's settings: `metrics` over `OPENOBSERVE_METRICS` (default on), the export
 * interval (`metrics.exportIntervalMillis`, `OTEL_METRIC_EXPORT_INTERVAL`), and the metrics URL, found
 * where the traces URL was: `{url}/api/{org}/v1/metrics` for OpenObserve, `OTEL_EXPORTER_OTLP_METRICS_ENDPOINT`
 * as is, else the traces URL with `/v1/metrics` in place of `/v1/traces`. Throws an
 * {@link OpenObserveConfigError} (`INVALID_METRICS`) that names the setting for anything unusable.
 */
export function resolveMetricsConfig(
  options: OpenObserveOptions,
  config: ResolvedOpenObserveConfig,
  env: Environment = process.env,
): ResolvedMetricsConfig {
  const wanted =
    options.metrics === undefined
      ? (readEnvBoolean(env, 'OPENOBSERVE_METRICS', 'INVALID_METRICS') ?? true)
      : options.metrics !== false;
  const exportIntervalMillis = resolveInterval(options, env);
  const enabled = config.enabled && wanted;
  if (!enabled) return { enabled, metricsEndpoint: '', endpointSetting: '', exportIntervalMillis };
  return { enabled, exportIntervalMillis, ...resolveEndpoint(options, config, env) };
}

function resolveInterval(options: OpenObserveOptions, env: Environment): number {
  const option = typeof options.metrics === 'object' ? options.metrics.exportIntervalMillis : undefined;
  if (option !== undefined) {
    if (!Number.isInteger(option) || option <= 0) {
      throw new OpenObserveConfigError(
        'INVALID_METRICS',
        `OpenObserve metrics.exportIntervalMillis=${option} must be a whole number of milliseconds greater than 0 (default 60000).`,
      );
    }
    return option;
  }
  const fromEnv = readEnvPositiveNumber(env, 'OTEL_METRIC_EXPORT_INTERVAL', 'INVALID_METRICS');
  return fromEnv === undefined ? DEFAULT_EXPORT_INTERVAL_MS : Math.max(1, Math.floor(fromEnv));
}

function resolveEndpoint(
  options: OpenObserveOptions,
  config: ResolvedOpenObserveConfig,
  env: Environment,
): Pick<ResolvedMetricsConfig, 'metricsEndpoint' | 'endpointSetting'> {
  const standard =
    options.url === undefined ? readEnvString(env, 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT') : undefined;
  if (standard) {
    const variable = 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT';
    return { metricsEndpoint: checkedHttpUrl(standard, variable), endpointSetting: variable };
  }
  const traces = config.tracesEndpoint;
  if (!TRACES_PATH.test(new URL(traces).pathname)) {
    throw new OpenObserveConfigError(
      'INVALID_METRICS',
      `The traces URL from ${config.settingNames.endpoint} ("${withoutCredentials(traces)}") does not end with /v1/traces, ` +
        'so the metrics URL cannot be derived from it: set OTEL_EXPORTER_OTLP_METRICS_ENDPOINT, or OPENOBSERVE_METRICS=false to send no metrics.',
    );
  }
  const url = new URL(traces);
  url.pathname = url.pathname.replace(TRACES_PATH, '/v1/metrics');
  return { metricsEndpoint: url.toString(), endpointSetting: config.settingNames.endpoint };
}

function checkedHttpUrl(raw: string, variable: string): string {
  let url: URL | undefined;
  try {
    url = new URL(raw.trim());
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new OpenObserveConfigError(
      'INVALID_METRICS',
      `${variable} "${withoutCredentials(raw.trim())}" is not an http(s) URL: set it to something like http://collector:4318/v1/metrics.`,
    );
  }
  url.search = '';
  url.hash = '';
  return url.toString();
}
