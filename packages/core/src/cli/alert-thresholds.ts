import type { Environment } from '../openobserve/read-env.js';
import { readEnvString } from '../openobserve/read-env.js';
import { CliError } from './cli-error.js';

/** The threshold of each installed alert, as plain decimal numbers ready for SQL. */
export interface AlertThresholds {
  errorRatePercent: string;
  p95LatencyMs: string;
  costPerHourUsd: string;
  fallbackRatePercent: string;
}

interface ThresholdSetting {
  flag: string;
  variable: string;
  fallback: number;
  what: string;
  max?: number;
}

/** Each threshold's flag, environment variable and default. */
export const ALERT_THRESHOLD_SETTINGS: Readonly<Record<keyof AlertThresholds, ThresholdSetting>> = {
  errorRatePercent: {
    flag: 'error-rate-percent',
    variable: 'PORTOBSERVE_ALERT_ERROR_RATE_PERCENT',
    fallback: 5,
    what: 'a percentage of failed calls over 5 minutes',
    max: 100,
  },
  p95LatencyMs: {
    flag: 'p95-latency-ms',
    variable: 'PORTOBSERVE_ALERT_P95_LATENCY_MS',
    fallback: 10_000,
    what: 'a p95 latency in milliseconds over 5 minutes',
  },
  costPerHourUsd: {
    flag: 'cost-per-hour-usd',
    variable: 'PORTOBSERVE_ALERT_COST_PER_HOUR_USD',
    fallback: 10,
    what: 'a cost in USD over the last hour',
  },
  fallbackRatePercent: {
    flag: 'fallback-rate-percent',
    variable: 'PORTOBSERVE_ALERT_FALLBACK_RATE_PERCENT',
    fallback: 10,
    what: 'a percentage of calls answered by a fallback target over 15 minutes',
    max: 100,
  },
};

const DECIMAL = /^\d+(\.\d+)?$/;

/**
 * Reads the alert thresholds: a flag beats its environment variable, which beats the default. Each
 * must be a plain decimal number above 0 (percentages at most 100); anything else is a
 * {@link CliError} naming the flag, the variable and the default.
 *
 * @example
 * ```ts
 * resolveAlertThresholds({ 'error-rate-percent': '2.5' }, {}).errorRatePercent; // '2.5'
 * resolveAlertThresholds({}, {}).p95LatencyMs; // '10000'
 * ```
 */
export function resolveAlertThresholds(
  flags: Readonly<Record<string, string | undefined>>,
  env: Environment,
): AlertThresholds {
  const read = (key: keyof AlertThresholds): string => {
    const setting = ALERT_THRESHOLD_SETTINGS[key];
    const fromFlag = flags[setting.flag]?.trim();
    const raw = fromFlag ?? readEnvString(env, setting.variable);
    if (raw === undefined) return String(setting.fallback);
    const source = fromFlag === undefined ? setting.variable : `--${setting.flag}`;
    const value = Number(raw);
    if (!DECIMAL.test(raw) || value <= 0 || (setting.max !== undefined && value > setting.max)) {
      const range =
        setting.max === undefined ? 'a number above 0' : `a number above 0 and at most ${setting.max}`;
      throw new CliError(
        'INVALID_THRESHOLD',
        `${source}="${raw}" is not ${range}: pass --${setting.flag} <n> or set ${setting.variable} to ${setting.what} (default ${setting.fallback}).`,
      );
    }
    return String(value);
  };
  return {
    errorRatePercent: read('errorRatePercent'),
    p95LatencyMs: read('p95LatencyMs'),
    costPerHourUsd: read('costPerHourUsd'),
    fallbackRatePercent: read('fallbackRatePercent'),
  };
}
