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

/** What the `openai` class instrumentation keeps of an error body the SDK dropped. */
export const ERROR_BODY_FACTS = Symbol.for('portobserve.openai.error-body-facts');

/** What an error's body said beyond what the SDK's error keeps. */
export interface ErrorBodyFacts {
  /** The Portkey gateway's own failure (`{"status":"failure","message":...}`). */
  gatewayFailure: boolean;
  /** The message the SDK's error lost ("400 status code (no body)" otherwise). */
  message: string | undefined;
}

/**
 * Marks an `openai` SDK error with what its body said and the SDK dropped: it keeps only `body.error`,
 * which the gateway's own failures (`{"status":"failure","message":...}`, which for a refused custom
 * host come with no Portkey header at all) and its unreachable-upstream answers (`{"html-message":...}`)
 * lack. This runs where the SDK still has the body (`makeStatusError`).
 */
export function markErrorBody(error: unknown, body: unknown): void {
  if (typeof error !== 'object' || error === null || typeof body !== 'object' || body === null) return;
  const record = body as { status?: unknown; message?: unknown; error?: unknown; 'html-message'?: unknown };
  let facts: ErrorBodyFacts | undefined;
  if (isGatewayFailureBody(body)) {
    facts = {
      gatewayFailure: true,
      message: typeof record.message === 'string' ? record.message : undefined,
    };
  } else if (record.error === undefined && typeof record['html-message'] === 'string') {
    facts = { gatewayFailure: false, message: cutText(record['html-message'], 1000) };
  }
  if (facts) Object.defineProperty(error, ERROR_BODY_FACTS, { value: facts, configurable: true });
}

/** What `error`'s body said (either path): a gateway failure, a message the error lost. */
export function errorBodyFactsOf(error: unknown): ErrorBodyFacts | undefined {
  if (error instanceof APIError)
    return error.gatewayFailure ? { gatewayFailure: true, message: undefined } : undefined;
  if (typeof error !== 'object' || error === null) return undefined;
  const marked = (error as { [ERROR_BODY_FACTS]?: ErrorBodyFacts })[ERROR_BODY_FACTS];
  if (marked) return marked;
  return isGatewayFailureBody((error as { error?: unknown }).error)
    ? { gatewayFailure: true, message: undefined }
    : undefined;
}
