import { PortkeyConfigError } from './portkey-config-error.js';
import type { PortkeyGatewayConfig, PortkeyHeaderOptions } from './portkey-options.js';

/** The header Portkey echoes and we fill with the active trace id at request time. */
export const TRACE_ID_HEADER = 'x-portkey-trace-id';

/**
 * Portkey headers for one request's `headers` option: override the trace id, metadata, config or
 * routing of a single call. Only what you pass is set; nothing is read from the environment.
 *
 * @example
 * ```ts
 * await portkey.chat.completions.create(
 *   { model: 'gpt-4o-mini', messages },
 *   { headers: portkeyHeaders({ traceId: 'checkout-42', metadata: { _user: 'u-7' } }) },
 * );
 * ```
 */
export function portkeyHeaders(options: PortkeyHeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  if (options.apiKey) headers['x-portkey-api-key'] = options.apiKey;
  if (options.provider) headers['x-portkey-provider'] = options.provider;
  if (options.providerApiKey) headers.Authorization = `Bearer ${options.providerApiKey}`;
  if (options.virtualKey) headers['x-portkey-virtual-key'] = options.virtualKey;
  if (options.config !== undefined) headers['x-portkey-config'] = serializeConfig(options.config);
  if (options.customHost) headers['x-portkey-custom-host'] = options.customHost;
  if (options.metadata !== undefined) headers['x-portkey-metadata'] = serializeMetadata(options.metadata);
  if (typeof options.traceId === 'string' && options.traceId) headers[TRACE_ID_HEADER] = options.traceId;
  if (options.forwardTraceparent) headers['x-portkey-forward-headers'] = 'traceparent';
  if (options.requestTimeout !== undefined) {
    if (!Number.isInteger(options.requestTimeout) || options.requestTimeout <= 0) {
      throw new PortkeyConfigError(
        'INVALID_OPTION',
        `Portkey requestTimeout=${options.requestTimeout} must be a whole number of milliseconds above 0.`,
      );
    }
    headers['x-portkey-request-timeout'] = String(options.requestTimeout);
  }
  return headers;
}

/** A saved config id goes as is; an object or a JSON string is checked and sent as compact JSON. */
export function serializeConfig(config: PortkeyGatewayConfig): string {
  if (typeof config === 'object' && config !== null) {
    return JSON.stringify(config);
  }
  if (typeof config !== 'string' || !config.trim()) {
    throw new PortkeyConfigError(
      'INVALID_CONFIG',
      'Portkey config must be a saved config id (such as "pc-abc123") or a config object.',
    );
  }
  const trimmed = config.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return trimmed;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    return JSON.stringify(parsed);
  } catch (error) {
    throw new PortkeyConfigError(
      'INVALID_CONFIG',
      `Portkey config (config / PORTKEY_CONFIG) looks like JSON but is not a valid JSON object ` +
        `(${error instanceof Error ? error.message : String(error)}): pass an object, valid JSON, or a saved config id.`,
    );
  }
}

function serializeMetadata(metadata: Record<string, string>): string {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new PortkeyConfigError('INVALID_METADATA', 'Portkey metadata must be an object of strings.');
  }
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') {
      throw new PortkeyConfigError(
        'INVALID_METADATA',
        `Portkey metadata.${key} is a ${value === null ? 'null' : typeof value}; Portkey takes only string values: use String(value) or JSON.stringify(value).`,
      );
    }
  }
  return JSON.stringify(metadata);
}
