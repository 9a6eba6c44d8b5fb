import { validateHeaderName, validateHeaderValue } from 'node:http';
import { parseKeyPairsIntoRecord } from '@opentelemetry/core';
import { OpenObserveConfigError } from '../errors.js';
import { formatAuthHeader } from './format-auth-header.js';
import type { OpenObserveOptions } from './openobserve-options.js';
import { type Environment, readEnvString } from './read-env.js';

/** The settings a warning names when something is wrong with where spans go or how they log in. */
export interface ExportSettingNames {
  /** Where the traces URL came from, e.g. `OPENOBSERVE_URL` or `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  endpoint: string;
  /** Where the credentials came from, e.g. `OPENOBSERVE_AUTH_TOKEN`. */
  auth: string;
}

/** Where spans are sent, with which headers. */
export interface ExportTarget {
  tracesEndpoint: string;
  /** True when a standard `OTEL_EXPORTER_OTLP_*ENDPOINT` replaced the OpenObserve URL (a Collector, a gateway). */
  standardEndpoint: boolean;
  headers: Record<string, string>;
  settingNames: ExportSettingNames;
}

const DEFAULT_URL = 'http://localhost:5080';

/**
 * Picks the traces URL: the `url` option (OpenObserve), else the standard
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (used as is), else `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`,
 * else `OPENOBSERVE_URL` (OpenObserve, default `http://localhost:5080`). OpenObserve URLs get
 * `/api/{org}/v1/traces`. Headers: with a standard endpoint `OTEL_EXPORTER_OTLP_HEADERS`, then
 * `OTEL_EXPORTER_OTLP_TRACES_HEADERS`; then the `headers` option; then `Authorization` from the token.
 * The token is required only for an OpenObserve URL that no header already gives an `Authorization`.
 */
export function resolveExportTarget(
  options: OpenObserveOptions,
  env: Environment,
  org: string,
  enabled: boolean,
): ExportTarget {
  const standard = options.url === undefined ? readStandardEndpoint(env) : undefined;
  const headers: Record<string, string> = {};
  // The standard headers belong to the standard endpoint: they may hold another backend's credentials.
  if (standard) {
    mergeHeaders(headers, readStandardHeaders(env, 'OTEL_EXPORTER_OTLP_HEADERS'));
    mergeHeaders(headers, readStandardHeaders(env, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS'));
  }
  mergeHeaders(headers, checkedHeaders(options.headers ?? {}, 'the `headers` option'));

  const endpoint = standard ?? openObserveEndpoint(options, env, org);
  const token = options.authToken ?? readEnvString(env, 'OPENOBSERVE_AUTH_TOKEN');
  let auth = options.authToken !== undefined ? 'the `authToken` option' : 'OPENOBSERVE_AUTH_TOKEN';
  if (token?.trim()) {
    setHeader(headers, 'Authorization', formatAuthHeader(token));
  } else if (findHeader(headers, 'authorization') !== undefined) {
    auth = authHeaderSource(options, env);
  } else if (enabled && !standard) {
    throw new OpenObserveConfigError(
      'MISSING_AUTH_TOKEN',
      'OpenObserve auth token is required: pass `authToken` or set OPENOBSERVE_AUTH_TOKEN to "Basic <base64 of email:password>" ' +
        '(OpenObserve shows it under Data sources > Custom > Traces), or set OPENOBSERVE_ENABLED=false to turn export off.',
    );
  }
  return {
    tracesEndpoint: endpoint.endpoint,
    standardEndpoint: standard !== undefined,
    headers,
    settingNames: { endpoint: endpoint.variable, auth },
  };
}

function openObserveEndpoint(
  options: OpenObserveOptions,
  env: Environment,
  org: string,
): { endpoint: string; variable: string } {
  const rawUrl = options.url ?? readEnvString(env, 'OPENOBSERVE_URL');
  // Name the setting the value came from: the CLI has no `url` option.
  const option = options.url !== undefined ? 'url' : undefined;
  const baseUrl = parseHttpUrl(rawUrl ?? DEFAULT_URL, 'OPENOBSERVE_URL', option, 'http://localhost:5080');
  return {
    endpoint: `${baseUrl.replace(/\/+$/, '')}/api/${encodeURIComponent(org)}/v1/traces`,
    variable:
      options.url !== undefined
        ? 'the `url` option'
        : rawUrl === undefined
          ? `OPENOBSERVE_URL (unset, so ${DEFAULT_URL})`
          : 'OPENOBSERVE_URL',
  };
}

function readStandardEndpoint(env: Environment): { endpoint: string; variable: string } | undefined {
  const traces = readEnvString(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  if (traces) {
    const variable = 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT';
    return {
      endpoint: parseHttpUrl(traces, variable, undefined, 'http://collector:4318/v1/traces'),
      variable,
    };
  }
  const base = readEnvString(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if (base) {
    const variable = 'OTEL_EXPORTER_OTLP_ENDPOINT';
    const url = parseHttpUrl(base, variable, undefined, 'http://collector:4318');
    return { endpoint: `${url.replace(/\/+$/, '')}/v1/traces`, variable };
  }
  return undefined;
}

/** Parses an http(s) URL, dropping query and fragment; a config error naming the setting otherwise. */
function parseHttpUrl(raw: string, variable: string, option: string | undefined, example: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(raw.trim());
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    // The option's message names the variable too; the variable's does not name an option (the CLI has none).
    const where = option ? `pass \`${option}\` or set ${variable} to` : `set ${variable} to`;
    const shown = withoutCredentials(raw.trim());
    // `localhost:5080` parses as a URL of scheme "localhost:": suggest the scheme it is missing.
    const suggestion = /^[\w.-]+(:\d+)?(\/\S*)?$/.test(shown) ? `http://${shown}` : example;
    throw new OpenObserveConfigError(
      'INVALID_URL',
      `${option ? 'OpenObserve URL' : variable} "${shown}" is not an http(s) URL: ${where} something like ${suggestion}.`,
    );
  }
  parsed.search = '';
  parsed.hash = '';
  return parsed.toString();
}

/** Hides the password of `user:password@host`, in a URL or in text that merely looks like one. */
export function withoutCredentials(text: string): string {
  return text.replace(/([^\s/:@]+):([^\s/@]+)@/g, '$1:***@');
}

function readStandardHeaders(env: Environment, variable: string): Record<string, string> {
  const raw = readEnvString(env, variable);
  if (!raw) return {};
  const parsed = parseKeyPairsIntoRecord(raw);
  if (Object.keys(parsed).length === 0) {
    throw new OpenObserveConfigError(
      'INVALID_HEADERS',
      `${variable} has no header in the form name=value (comma-separated, values URL-encoded): for example ${variable}="Authorization=Basic%20<token>,stream-name=default".`,
    );
  }
  return checkedHeaders(parsed, variable);
}

function checkedHeaders(headers: Record<string, string>, source: string): Record<string, string> {
  for (const [name, value] of Object.entries(headers)) {
    try {
      validateHeaderName(name);
      validateHeaderValue(name, value);
    } catch {
      // The value may be a credential: name the header, never print the value.
      throw new OpenObserveConfigError(
        'INVALID_HEADERS',
        `The header "${name}" from ${source} is not a valid HTTP header (a name with spaces or a value with line breaks or non-ASCII characters): fix or remove it.`,
      );
    }
  }
  return headers;
}

function authHeaderSource(options: OpenObserveOptions, env: Environment): string {
  if (options.headers && findHeader(options.headers, 'authorization') !== undefined) {
    return 'the Authorization header of the `headers` option';
  }
  const traces = readEnvString(env, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS');
  if (traces && findHeader(parseKeyPairsIntoRecord(traces), 'authorization') !== undefined) {
    return 'the Authorization header in OTEL_EXPORTER_OTLP_TRACES_HEADERS';
  }
  return 'the Authorization header in OTEL_EXPORTER_OTLP_HEADERS';
}

function mergeHeaders(target: Record<string, string>, source: Record<string, string>): void {
  for (const [name, value] of Object.entries(source)) setHeader(target, name, value);
}

/** Sets a header, replacing any other spelling of the same name (header names ignore case). */
export function setHeader(headers: Record<string, string>, name: string, value: string): void {
  for (const existing of Object.keys(headers)) {
    if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
  }
  headers[name] = value;
}

/** The value of a header, whatever the case of its name. */
export function findHeader(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [existing, value] of Object.entries(headers)) {
    if (existing.toLowerCase() === wanted) return value;
  }
  return undefined;
}
