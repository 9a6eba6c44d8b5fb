import type { Attributes } from '@opentelemetry/api';
import { GEN_AI, OI } from './attribute-names.js';
import { readHeader } from './read-header.js';

/** Attributes read from the Portkey gateway's headers. */
export const PORTKEY = {
  traceId: 'portkey.trace_id',
  provider: 'portkey.provider',
  retryAttemptCount: 'portkey.retry_attempt_count',
  lastUsedOptionIndex: 'portkey.last_used_option_index',
  cacheStatus: 'portkey.cache_status',
  configId: 'portkey.config_id',
  gatewayException: 'portkey.gateway_exception',
} as const;

/** What the request said to Portkey, read from the client's default headers and the call's headers. */
export interface PortkeyRequestFacts {
  /** A saved config's id (never an inline config: it can hold `api_key`). */
  configId?: string;
  metadata?: Record<string, unknown>;
}

/** Reads `x-portkey-config` (ids only) and `x-portkey-metadata` from the request's header sources. */
export function readPortkeyRequestFacts(headerSources: readonly unknown[]): PortkeyRequestFacts | undefined {
  const config = readHeader(headerSources, 'x-portkey-config');
  const metadata = readHeader(headerSources, 'x-portkey-metadata');
  if (config === undefined && metadata === undefined) return undefined;
  const facts: PortkeyRequestFacts = {};
  const trimmedConfig = config?.trim();
  if (trimmedConfig && !trimmedConfig.startsWith('{')) facts.configId = trimmedConfig;
  if (metadata) {
    try {
      const parsed: unknown = JSON.parse(metadata);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        facts.metadata = parsed as Record<string, unknown>;
    } catch {
      // Not JSON: Portkey ignores it too.
    }
  }
  return facts;
}

/**
 * From the gateway's response headers: its trace id, the provider that actually answered (which also
 * becomes `llm.provider` and `gen_ai.provider.name`), retries, the fallback target used, the cache
 * status, and whether the gateway itself failed.
 */
export function writePortkeyResponseAttributes(headers: unknown, attributes: Attributes): boolean {
  if (!headers || typeof (headers as Headers).get !== 'function') return false;
  const get = (name: string) => (headers as Headers).get(name) ?? undefined;
  const provider = get('x-portkey-provider');
  const traceId = get('x-portkey-trace-id');
  const lastUsed = get('x-portkey-last-used-option-index');
  const gatewayException = get('x-portkey-gateway-exception') === 'true';
  if (provider === undefined && traceId === undefined && lastUsed === undefined && !gatewayException)
    return false;
  if (traceId) attributes[PORTKEY.traceId] = traceId;
  if (provider) {
    attributes[PORTKEY.provider] = provider;
    attributes[OI.provider] = provider;
    attributes[GEN_AI.providerName] = provider;
    attributes[GEN_AI.system] = provider;
  }
  const retries = Number(get('x-portkey-retry-attempt-count'));
  if (Number.isFinite(retries) && get('x-portkey-retry-attempt-count') !== undefined) {
    attributes[PORTKEY.retryAttemptCount] = retries;
  }
  if (lastUsed) attributes[PORTKEY.lastUsedOptionIndex] = lastUsed;
  const cacheStatus = get('x-portkey-cache-status');
  if (cacheStatus) attributes[PORTKEY.cacheStatus] = cacheStatus;
  if (gatewayException) attributes[PORTKEY.gatewayException] = true;
  return true;
}

/**
 * The gateway's own failures (validation, a refused custom host, its internal errors) answer
 * `{"status":"failure","message":...}`, sometimes with no Portkey header at all.
 */
export function isPortkeyGatewayFailure(error: unknown): boolean {
  const body = (error as { error?: unknown } | undefined)?.error;
  return typeof body === 'object' && body !== null && (body as { status?: unknown }).status === 'failure';
}
