import type { Attributes } from '@opentelemetry/api';
import { cutText } from '../content/limit-text.js';
import { GEN_AI, OI } from './attribute-names.js';
import { genAIProviderName } from './provider-names.js';
import { readHeader } from './read-header.js';
import { APIError, isGatewayFailureBody } from './response-error.js';

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
 * From the gateway's response headers: its trace id, the provider that actually answered (its slug as
 * `portkey.provider` and `llm.provider`, its GenAI well-known name as `gen_ai.provider.name`), retries,
 * the fallback target used, the cache status, and whether the gateway itself failed.
 */
export function writePortkeyResponseAttributes(
  headers: unknown,
  attributes: Attributes,
  deprecatedGenAISystem = false,
): boolean {
  if (!headers || typeof (headers as Headers).get !== 'function') return false;
  const get = (name: string) => (headers as Headers).get(name) ?? undefined;
  const provider = get('x-portkey-provider');
  const traceId = get('x-portkey-trace-id');
  const lastUsed = get('x-portkey-last-used-option-index');
  const gatewayException = get('x-portkey-gateway-exception') === 'true';
  if (provider === undefined && traceId === undefined && lastUsed === undefined && !gatewayException)
    return false;
  if (traceId) attributes[PORTKEY.traceId] = cutText(traceId, 256);
  if (provider) {
    const slug = cutText(provider, 128);
    const genAIName = genAIProviderName(slug);
    attributes[PORTKEY.provider] = slug;
    attributes[OI.provider] = slug;
    attributes[GEN_AI.providerName] = genAIName;
    if (deprecatedGenAISystem) attributes[GEN_AI.system] = genAIName;
  }
  const retries = Number(get('x-portkey-retry-attempt-count'));
  if (Number.isFinite(retries) && get('x-portkey-retry-attempt-count') !== undefined) {
    attributes[PORTKEY.retryAttemptCount] = retries;
  }
  if (lastUsed) attributes[PORTKEY.lastUsedOptionIndex] = cutText(lastUsed, 128);
  const cacheStatus = get('x-portkey-cache-status');
  if (cacheStatus) attributes[PORTKEY.cacheStatus] = cutText(cacheStatus, 64);
  if (gatewayException) attributes[PORTKEY.gatewayException] = true;
  return true;
}

/** Set by the `openai` class instrumentation on an SDK error whose body was the gateway's own failure. */
export const GATEWAY_FAILURE = Symbol.for('portobserve.portkey.gateway-failure');

/**
 * Marks an `openai` SDK error made from the gateway's own failure body (`{"status":"failure",
 * "message":...}`, which for a refused custom host comes with no Portkey header at all). The SDK keeps
 * only `body.error`, which that body lacks, so this runs where the SDK still has the body
 * (`makeStatusError`), and keeps the gateway's message.
 */
export function markGatewayFailure(error: unknown, body: unknown): void {
  if (!isGatewayFailureBody(body) || typeof error !== 'object' || error === null) return;
  const message = (body as { message?: unknown }).message;
  Object.defineProperty(error, GATEWAY_FAILURE, {
    value: typeof message === 'string' ? message : 'Portkey gateway failure',
    configurable: true,
  });
}

/** Whether `error` came from the gateway's own failure (either path), and its message if known. */
export function gatewayFailureOf(error: unknown): { message: string | undefined } | undefined {
  if (error instanceof APIError) return error.gatewayFailure ? { message: undefined } : undefined;
  if (typeof error !== 'object' || error === null) return undefined;
  const marked = (error as { [GATEWAY_FAILURE]?: unknown })[GATEWAY_FAILURE];
  if (typeof marked === 'string') return { message: marked };
  return isGatewayFailureBody((error as { error?: unknown }).error) ? { message: undefined } : undefined;
}
