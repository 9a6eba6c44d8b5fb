import { OpenObserveConfigError } from '../errors.js';
import type { Environment } from '../openobserve/read-env.js';
import { resolveOpenObserveConfig } from '../openobserve/resolve-openobserve-config.js';
import { CliError } from './cli-error.js';

/** Where and as whom the CLI talks to OpenObserve, and which traces stream the assets read. */
export interface ConnectionSettings {
  /** Base URL without a trailing slash, e.g. `http://localhost:5080` or `https://o2.example.com/openobserve`. */
  baseUrl: string;
  /** The path part of `baseUrl` (`''` at the root), in front of OpenObserve's `/web/` links. */
  basePath: string;
  org: string;
  /** The stream as OpenObserve names it: other characters than `[a-zA-Z0-9_:]` become `_`, lower case. */
  stream: string;
  authorization: string;
  timeoutMs: number;
}

/**
 * The OpenObserve settings `openobserveInit` reads (`OPENOBSERVE_URL`, `OPENOBSERVE_ORG`,
 * `OPENOBSERVE_AUTH_TOKEN`, `OPENOBSERVE_TRACES_STREAM_NAME`, `OPENOBSERVE_TIMEOUT`), resolved by the
 * same code. The token is always required here, even with `OPENOBSERVE_ENABLED=false`.
 *
 * @example
 * ```ts
 * resolveConnectionSettings({ OPENOBSERVE_AUTH_TOKEN: 'root@example.com:secret' }).baseUrl; // 'http://localhost:5080'
 * ```
 */
export function resolveConnectionSettings(env: Environment): ConnectionSettings {
  let config: ReturnType<typeof resolveOpenObserveConfig>;
  try {
    config = resolveOpenObserveConfig({ enabled: true }, env);
  } catch (error) {
    if (error instanceof OpenObserveConfigError && error.code === 'MISSING_AUTH_TOKEN') {
      throw new CliError(
        'MISSING_AUTH_TOKEN',
        'OPENOBSERVE_AUTH_TOKEN is not set: set it to "Basic <base64 of email:password>" of an OpenObserve user (OpenObserve shows it under Data sources > Custom > Traces), or pass --dotenv <path> to read it from a .env file.',
      );
    }
    throw error;
  }
  const suffix = `/api/${encodeURIComponent(config.org)}/v1/traces`;
  const baseUrl = config.tracesEndpoint.slice(0, -suffix.length);
  return {
    baseUrl,
    basePath: new URL(baseUrl).pathname.replace(/\/+$/, ''),
    org: config.org,
    stream: config.streamName.replace(/[^a-zA-Z0-9_:]/g, '_').toLowerCase(),
    authorization: config.headers.Authorization ?? '',
    timeoutMs: config.timeoutMs,
  };
}
