import type { Attributes } from '@opentelemetry/api';
import { OpenObserveConfigError } from '../errors.js';
import { defaultServiceName } from './default-service-name.js';
import type { OpenObserveOptions } from './openobserve-options.js';
import { type Environment, readEnvBoolean, readEnvPositiveNumber, readEnvString } from './read-env.js';
import { secretsOfHeaders } from './redact-secrets.js';
import {
  type ExportSettingNames,
  findHeader,
  resolveExportTarget,
  setHeader,
} from './resolve-export-target.js';

/** How request bodies are compressed. */
export type OpenObserveCompression = 'gzip' | 'none';

/** Every OpenObserve setting after options, environment and defaults are applied and checked. */
export interface ResolvedOpenObserveConfig {
  enabled: boolean;
  /** Bad settings throw instead of turning export off (`strict`, `OPENOBSERVE_STRICT`). */
  strict: boolean;
  /** Full OTLP/HTTP traces URL: `{url}/api/{org}/v1/traces`, or the standard OTLP endpoint. */
  tracesEndpoint: string;
  /** True when `OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT` replaced the OpenObserve URL. */
  standardEndpoint: boolean;
  /** The settings that warnings name (where the URL and the credentials came from). */
  settingNames: ExportSettingNames;
  org: string;
  streamName: string;
  /** Headers for each export request, including `Authorization` when a token is given. */
  headers: Record<string, string>;
  /** Credentials in `headers`, in every form: never printed (see redact-secrets.ts). */
  secrets: string[];
  timeoutMs: number;
  compression: OpenObserveCompression;
  serviceName: string;
  resourceAttributes: Attributes;
  batch: { maxQueueSize: number; maxExportBatchSize: number; scheduledDelayMillis: number };
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Tells whether bad settings should throw: the `strict` option, else `OPENOBSERVE_STRICT`. Never
 * throws itself: an unreadable `OPENOBSERVE_STRICT` counts as false (and is reported by
 * `openobserveInit`). For adapters that set up more than the export and follow the same rule.
 *
 * @example
 * ```ts
 * try {
 *   setUpMore();
 * } catch (error) {
 *   if (isOpenObserveStrict(options)) throw error;
 *   console.error(error); // and carry on
 * }
 * ```
 */
export function isOpenObserveStrict(
  options: Pick<OpenObserveOptions, 'strict'> = {},
  env: Environment = process.env,
): boolean {
  if (options.strict !== undefined) return options.strict;
  try {
    return readEnvBoolean(env, 'OPENOBSERVE_STRICT', 'INVALID_STRICT') ?? false;
  } catch {
    return false;
  }
}

/**
 * Applies options over environment over defaults, and throws an {@link OpenObserveConfigError} that
 * names the setting for anything unusable.
 */
export function resolveOpenObserveConfig(
  options: OpenObserveOptions = {},
  env: Environment = process.env,
): ResolvedOpenObserveConfig {
  const strict = options.strict ?? readEnvBoolean(env, 'OPENOBSERVE_STRICT', 'INVALID_STRICT') ?? false;
  const enabled = options.enabled ?? readEnvBoolean(env, 'OPENOBSERVE_ENABLED') ?? true;

  // Unlike other variables, a blank OPENOBSERVE_ORG is an error, not "unset": an empty org is never meant.
  const org = (options.org ?? env.OPENOBSERVE_ORG ?? 'default').trim();
  if (!org) {
    throw new OpenObserveConfigError(
      'EMPTY_ORG',
      'OpenObserve organization is empty: pass `org` or set OPENOBSERVE_ORG (for example "default"), or leave both unset for "default".',
    );
  }
  const explicitStream = options.streamName ?? readEnvString(env, 'OPENOBSERVE_TRACES_STREAM_NAME');
  if (explicitStream !== undefined && !explicitStream.trim()) {
    throw new OpenObserveConfigError(
      'INVALID_STREAM_NAME',
      'OpenObserve traces stream name is empty: pass `streamName` or set OPENOBSERVE_TRACES_STREAM_NAME, or leave both unset for "default".',
    );
  }

  const timeoutMs = resolveTimeoutMs(options.timeoutMs, env);
  const target = resolveExportTarget(options, env, org, enabled);
  checkProtocols(env, target.standardEndpoint);
  const headers = target.headers;
  // An explicit stream name wins; else a stream-name header (e.g. from OTEL_EXPORTER_OTLP_HEADERS); else "default".
  const streamName = explicitStream?.trim() || findHeader(headers, 'stream-name') || 'default';
  setHeader(headers, 'stream-name', streamName);

  const serviceName =
    options.serviceName?.trim() ||
    stringAttribute(options.resourceAttributes?.['service.name']) ||
    readEnvString(env, 'OTEL_SERVICE_NAME') ||
    readServiceNameFromResourceEnv(env) ||
    defaultServiceName();

  return {
    enabled,
    strict,
    tracesEndpoint: target.tracesEndpoint,
    standardEndpoint: target.standardEndpoint,
    settingNames: target.settingNames,
    org,
    streamName,
    headers,
    secrets: secretsOfHeaders(headers),
    timeoutMs,
    compression: resolveCompression(options, env, target.standardEndpoint),
    serviceName,
    resourceAttributes: { ...options.resourceAttributes, 'service.name': serviceName },
    batch: resolveBatch(options, env),
  };
}

const COMPRESSION_VARIABLES = [
  'OPENOBSERVE_COMPRESSION',
  'OTEL_EXPORTER_OTLP_TRACES_COMPRESSION',
  'OTEL_EXPORTER_OTLP_COMPRESSION',
] as const;

function resolveCompression(
  options: OpenObserveOptions,
  env: Environment,
  standardEndpoint: boolean,
): OpenObserveCompression {
  if (options.compression !== undefined) {
    if (options.compression === 'gzip' || options.compression === 'none') return options.compression;
    throw new OpenObserveConfigError(
      'INVALID_COMPRESSION',
      `OpenObserve compression "${String(options.compression)}" is not supported: pass compression: 'gzip' (the default) or 'none'.`,
    );
  }
  for (const variable of standardEndpoint ? COMPRESSION_VARIABLES : COMPRESSION_VARIABLES.slice(0, 1)) {
    const value = readEnvString(env, variable)?.toLowerCase();
    if (value === undefined) continue;
    if (value === 'gzip' || value === 'none') return value;
    throw new OpenObserveConfigError(
      'INVALID_COMPRESSION',
      `${variable}="${value}" is not supported: set it to gzip (the default) or none.`,
    );
  }
  return 'gzip';
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

const PROTOCOL_VARIABLES = [
  'OPENOBSERVE_PROTOCOL',
  'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
  'OTEL_EXPORTER_OTLP_PROTOCOL',
] as const;

/**
 * Spans go as OTLP/JSON over HTTP, which OpenObserve and the Collector take on the same path: gRPC is
 * refused. The standard variables count only when the standard endpoint is used.
 */
function checkProtocols(env: Environment, standardEndpoint: boolean): void {
  for (const variable of standardEndpoint ? PROTOCOL_VARIABLES : PROTOCOL_VARIABLES.slice(0, 1)) {
    const protocol = readEnvString(env, variable);
    if (protocol && !/^http\/(protobuf|json)$/i.test(protocol)) {
      throw new OpenObserveConfigError(
        'UNSUPPORTED_PROTOCOL',
        `${variable}="${protocol}" is not supported: portobserve exports OTLP over HTTP; unset it or set http/protobuf ` +
          '(and point the endpoint at the HTTP port, e.g. 4318 for a Collector).',
      );
    }
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
