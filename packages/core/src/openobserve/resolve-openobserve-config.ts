import type { Attributes } from '@opentelemetry/api';
import { OpenObserveConfigError } from '../errors.js';
import { defaultServiceName } from './default-service-name.js';
import { formatAuthHeader } from './format-auth-header.js';
import type { OpenObserveOptions } from './openobserve-options.js';
import { type Environment, readEnvBoolean, readEnvPositiveNumber, readEnvString } from './read-env.js';

/** Every OpenObserve setting after options, environment and defaults are applied and checked. */
export interface ResolvedOpenObserveConfig {
  enabled: boolean;
  /** Full OTLP/HTTP traces URL: `{url}/api/{org}/v1/traces`. */
  tracesEndpoint: string;
  org: string;
  streamName: string;
  /** Headers for each export request, including `Authorization` when enabled. */
  headers: Record<string, string>;
  timeoutMs: number;
  serviceName: string;
  resourceAttributes: Attributes;
  batch: { maxQueueSize: number; maxExportBatchSize: number; scheduledDelayMillis: number };
}

const DEFAULT_URL = 'http://localhost:5080';
const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Applies options over environment over defaults, and throws an {@link OpenObserveConfigError} that
 * names the setting for anything unusable.
 */
export function resolveOpenObserveConfig(
  options: OpenObserveOptions = {},
  env: Environment = process.env,
): ResolvedOpenObserveConfig {
  const enabled = options.enabled ?? readEnvBoolean(env, 'OPENOBSERVE_ENABLED') ?? true;
  checkProtocol(env);

  const baseUrl = resolveBaseUrl(options.url ?? readEnvString(env, 'OPENOBSERVE_URL') ?? DEFAULT_URL);
  // Unlike other variables, a blank OPENOBSERVE_ORG is an error, not "unset": an empty org is never meant.
  const org = (options.org ?? env.OPENOBSERVE_ORG ?? 'default').trim();
  if (!org) {
    throw new OpenObserveConfigError(
      'EMPTY_ORG',
      'OpenObserve organization is empty: pass `org` or set OPENOBSERVE_ORG (for example "default"), or leave both unset for "default".',
    );
  }
  const streamName = (
    options.streamName ??
    readEnvString(env, 'OPENOBSERVE_TRACES_STREAM_NAME') ??
    'default'
  ).trim();
  if (!streamName) {
    throw new OpenObserveConfigError(
      'INVALID_STREAM_NAME',
      'OpenObserve traces stream name is empty: pass `streamName` or set OPENOBSERVE_TRACES_STREAM_NAME, or leave both unset for "default".',
    );
  }

  const timeoutMs = resolveTimeoutMs(options.timeoutMs, env);
  const headers: Record<string, string> = { ...options.headers, 'stream-name': streamName };
  if (enabled) {
    const token = options.authToken ?? readEnvString(env, 'OPENOBSERVE_AUTH_TOKEN');
    if (!token?.trim()) {
      throw new OpenObserveConfigError(
        'MISSING_AUTH_TOKEN',
        'OpenObserve auth token is required: pass `authToken` or set OPENOBSERVE_AUTH_TOKEN to "Basic <base64 of email:password>" ' +
          '(OpenObserve shows it under Data sources > Custom > Traces), or set OPENOBSERVE_ENABLED=false to turn export off.',
      );
    }
    headers.Authorization = formatAuthHeader(token);
  }

  const serviceName =
    options.serviceName?.trim() ||
    stringAttribute(options.resourceAttributes?.['service.name']) ||
    readEnvString(env, 'OTEL_SERVICE_NAME') ||
    readServiceNameFromResourceEnv(env) ||
    defaultServiceName();

  return {
    enabled,
    tracesEndpoint: `${baseUrl}/api/${encodeURIComponent(org)}/v1/traces`,
    org,
    streamName,
    headers,
    timeoutMs,
    serviceName,
    resourceAttributes: { ...options.resourceAttributes, 'service.name': serviceName },
    batch: resolveBatch(options, env),
  };
}

function resolveBaseUrl(raw: string): string {
  let parsed: URL;
  try {
    parsed = new URL(raw.trim());
  } catch {
    throw invalidUrl(raw);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw invalidUrl(raw);
  parsed.search = '';
  parsed.hash = '';
  return parsed.toString().replace(/\/+$/, '');
}

function invalidUrl(raw: string): OpenObserveConfigError {
  return new OpenObserveConfigError(
    'INVALID_URL',
    `OpenObserve URL "${raw}" is not an http(s) URL: pass \`url\` or set OPENOBSERVE_URL to something like http://localhost:5080.`,
  );
}

function resolveTimeoutMs(optionMs: number | undefined, env: Environment): number {
  if (optionMs !== undefined) {
    if (!Number.isFinite(optionMs) || optionMs <= 0) {
      throw new OpenObserveConfigError(
        'INVALID_TIMEOUT',
        `OpenObserve timeoutMs=${optionMs} must be a number of milliseconds greater than 0.`,
      );
    }
    return optionMs;
  }
  const seconds = readEnvPositiveNumber(env, 'OPENOBSERVE_TIMEOUT', 'INVALID_TIMEOUT');
  return seconds === undefined ? DEFAULT_TIMEOUT_MS : Math.round(seconds * 1000);
}

function resolveBatch(options: OpenObserveOptions, env: Environment): ResolvedOpenObserveConfig['batch'] {
  const pick = (value: number | undefined, option: string, variable: string, fallback: number): number => {
    if (value !== undefined) {
      if (!Number.isInteger(value) || value <= 0) {
        throw new OpenObserveConfigError(
          'INVALID_BATCH_SETTING',
          `OpenObserve batch.${option}=${value} must be a whole number greater than 0.`,
        );
      }
      return value;
    }
    const fromEnv = readEnvPositiveNumber(env, variable, 'INVALID_BATCH_SETTING');
    return fromEnv === undefined ? fallback : Math.floor(fromEnv);
  };
  const maxQueueSize = pick(options.batch?.maxQueueSize, 'maxQueueSize', 'OTEL_BSP_MAX_QUEUE_SIZE', 2048);
  const maxExportBatchSize = pick(
    options.batch?.maxExportBatchSize,
    'maxExportBatchSize',
    'OTEL_BSP_MAX_EXPORT_BATCH_SIZE',
    512,
  );
  return {
    maxQueueSize,
    maxExportBatchSize: Math.min(maxExportBatchSize, maxQueueSize),
    scheduledDelayMillis: pick(
      options.batch?.scheduledDelayMillis,
      'scheduledDelayMillis',
      'OTEL_BSP_SCHEDULE_DELAY',
      5000,
    ),
  };
}

function checkProtocol(env: Environment): void {
  const protocol = readEnvString(env, 'OPENOBSERVE_PROTOCOL');
  if (protocol && !/^http\/(protobuf|json)$/i.test(protocol)) {
    throw new OpenObserveConfigError(
      'UNSUPPORTED_PROTOCOL',
      `OPENOBSERVE_PROTOCOL="${protocol}" is not supported: portobserve exports OTLP over HTTP; unset it or set http/protobuf.`,
    );
  }
}

function stringAttribute(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function readServiceNameFromResourceEnv(env: Environment): string | undefined {
  const raw = readEnvString(env, 'OTEL_RESOURCE_ATTRIBUTES');
  if (!raw) return undefined;
  for (const pair of raw.split(',')) {
    const [key, ...rest] = pair.split('=');
    if (key?.trim() === 'service.name') {
      const value = decodeURIComponent(rest.join('=').trim());
      if (value) return value;
    }
  }
  return undefined;
}
