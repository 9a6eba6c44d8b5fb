import { describe, expect, it } from 'vitest';
import { OpenObserveConfigError } from '../errors.js';
import { resolveAlertDestination } from './alert-destination.js';
import { resolveAlertThresholds } from './alert-thresholds.js';
import { CliError } from './cli-error.js';
import { resolveConnectionSettings } from './connection-settings.js';
import { parseCliArgs } from './parse-cli-args.js';

const TOKEN = { OPENOBSERVE_AUTH_TOKEN: 'root@example.com:secret' };

describe('resolveConnectionSettings', () => {
  it("reads openobserveInit's settings and keeps the base URL, path prefix included", () => {
    const settings = resolveConnectionSettings({
      ...TOKEN,
      OPENOBSERVE_URL: 'https://o2.example.com/openobserve/',
      OPENOBSERVE_ORG: 'acme',
      OPENOBSERVE_TRACES_STREAM_NAME: 'My-App.traces',
      OPENOBSERVE_TIMEOUT: '3',
    });
    expect(settings).toEqual({
      baseUrl: 'https://o2.example.com/openobserve',
      basePath: '/openobserve',
      org: 'acme',
      stream: 'my_app_traces',
      authorization: `Basic ${Buffer.from('root@example.com:secret').toString('base64')}`,
      timeoutMs: 3000,
    });
  });

  it('defaults to localhost:5080, org and stream "default", and needs a token even when export is disabled', () => {
    expect(resolveConnectionSettings(TOKEN)).toMatchObject({
      baseUrl: 'http://localhost:5080',
      basePath: '',
      org: 'default',
      stream: 'default',
    });
    expect(() => resolveConnectionSettings({ OPENOBSERVE_ENABLED: 'false' })).toThrow(
      /OPENOBSERVE_AUTH_TOKEN is not set.*--dotenv/,
    );
  });

  it("reports a bad URL with openobserveInit's message", () => {
    expect(() => resolveConnectionSettings({ ...TOKEN, OPENOBSERVE_URL: 'localhost:5080' })).toThrow(
      OpenObserveConfigError,
    );
    expect(() => resolveConnectionSettings({ ...TOKEN, OPENOBSERVE_URL: 'localhost:5080' })).toThrow(
      /OPENOBSERVE_URL/,
    );
  });
});

describe('resolveAlertThresholds', () => {
  it('uses defaults, then environment variables, then flags', () => {
    expect(resolveAlertThresholds({}, {})).toEqual({
      errorRatePercent: '5',
      p95LatencyMs: '10000',
      costPerHourUsd: '10',
      fallbackRatePercent: '10',
    });
    const env = { PORTOBSERVE_ALERT_ERROR_RATE_PERCENT: '2.5', PORTOBSERVE_ALERT_COST_PER_HOUR_USD: '50' };
    expect(resolveAlertThresholds({ 'error-rate-percent': '1' }, env)).toMatchObject({
      errorRatePercent: '1',
      costPerHourUsd: '50',
    });
    expect(resolveAlertThresholds({}, env).errorRatePercent).toBe('2.5');
  });

  it('refuses what is not a plain positive number, and percentages over 100, naming the flag or variable', () => {
    expect(() => resolveAlertThresholds({ 'p95-latency-ms': '2s' }, {})).toThrow(
      /--p95-latency-ms="2s" is not a number above 0: pass --p95-latency-ms <n> or set PORTOBSERVE_ALERT_P95_LATENCY_MS/,
    );
    expect(() => resolveAlertThresholds({}, { PORTOBSERVE_ALERT_FALLBACK_RATE_PERCENT: '150' })).toThrow(
      /PORTOBSERVE_ALERT_FALLBACK_RATE_PERCENT="150" is not a number above 0 and at most 100/,
    );
    for (const bad of ['0', '-1', '1e3', '; DROP']) {
      expect(() => resolveAlertThresholds({ 'cost-per-hour-usd': bad }, {})).toThrow(CliError);
    }
  });
});

describe('resolveAlertDestination', () => {
  it('takes an https URL or a destination name, from the flag or the environment', () => {
    expect(resolveAlertDestination(' https://hooks.example.com/x?a=1 ', {})).toEqual({
      kind: 'url',
      url: 'https://hooks.example.com/x?a=1',
    });
    expect(resolveAlertDestination(undefined, { PORTOBSERVE_ALERT_DESTINATION: 'oncall_slack' })).toEqual({
      kind: 'name',
      name: 'oncall_slack',
    });
    expect(resolveAlertDestination('from_flag', { PORTOBSERVE_ALERT_DESTINATION: 'from_env' })).toEqual({
      kind: 'name',
      name: 'from_flag',
    });
    expect(resolveAlertDestination(undefined, {})).toBeUndefined();
  });

  it('refuses http URLs and names OpenObserve would refuse', () => {
    expect(() => resolveAlertDestination('http://hooks.example.com/x', {})).toThrow(/is not an https URL/);
    expect(() => resolveAlertDestination(undefined, { PORTOBSERVE_ALERT_DESTINATION: 'on call' })).toThrow(
      /PORTOBSERVE_ALERT_DESTINATION="on call" is neither an https URL nor an OpenObserve destination name/,
    );
  });
});

describe('parseCliArgs', () => {
  it('reads the command and its options', () => {
    expect(
      parseCliArgs([
        'openobserve',
        'install',
        '--dry-run',
        '--alert-destination',
        'x',
        '--error-rate-percent=3',
        '--dotenv',
        '.env',
      ]),
    ).toEqual({
      command: 'install',
      dryRun: true,
      dotenv: '.env',
      alertDestination: 'x',
      thresholds: {
        'error-rate-percent': '3',
        'p95-latency-ms': undefined,
        'cost-per-hour-usd': undefined,
        'fallback-rate-percent': undefined,
      },
    });
    expect(parseCliArgs([]).command).toBe('usage');
    expect(parseCliArgs(['help']).command).toBe('help');
    expect(parseCliArgs(['openobserve', 'uninstall', '-h']).command).toBe('help');
    expect(parseCliArgs(['-v']).command).toBe('version');
  });

  it('refuses unknown options, commands and a missing value, pointing at --help', () => {
    expect(() => parseCliArgs(['openobserve', 'install', '--force'])).toThrow(
      /^unknown option --force: run npx portobserve --help$/,
    );
    expect(() => parseCliArgs(['openobserve', 'install', '--dryrun'])).toThrow(
      /^unknown option --dryrun \(did you mean --dry-run\?\): run npx portobserve --help$/,
    );
    expect(() => parseCliArgs(['openobserve', 'instal'])).toThrow(
      /unknown command "instal" after "openobserve"/,
    );
    expect(() => parseCliArgs(['openobserve'])).toThrow(/missing command after "openobserve"/);
    expect(() => parseCliArgs(['grafana', 'install'])).toThrow(/unknown command "grafana"/);
    expect(() => parseCliArgs(['openobserve', 'install', '--alert-destination'])).toThrow(
      /--alert-destination.*--help/,
    );
  });
});
