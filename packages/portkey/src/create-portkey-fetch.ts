import { createTracedFetch, type TracedFetchOptions } from '@portobserve/core';
import { portkeyHeaders } from './portkey-headers.js';
import type { PortkeyHeaderOptions } from './portkey-options.js';
import { resolvePortkeyOptions } from './resolve-portkey-options.js';
import { withTraceHeaders } from './trace-header-fetch.js';

/**
 * Options of {@link createPortkeyFetch}: the Portkey headers, the `fetch` to wrap, and the tracing.
 *
 * @example
 * ```ts
 * const options: PortkeyFetchOptions = { config: 'pc-support-bot', metadata: { team: 'search' } };
 * createOpenAI({ baseURL: PORTKEY_GATEWAY_URL, fetch: createPortkeyFetch(options) });
 * ```
 */
export interface PortkeyFetchOptions extends PortkeyHeaderOptions {
  /** Only for the hosted-gateway check of `apiKey` (`PORTKEY_BASE_URL`, default the hosted gateway). */
  baseURL?: string;
  /**
   * The `fetch` that sends the requests (default: the global `fetch`, looked up at each call; installed as
   * the global `fetch` itself, it sends through the global `fetch` there was when it was made).
   */
  fetch?: typeof globalThis.fetch;
  /** Options for the tracing (`captureContent`, `prices`, ...), or `false` for headers only. */
  instrumentation?: Omit<TracedFetchOptions, 'fetch' | 'portkeyTraceId'> | false;
}

/**
 * A `fetch` for clients that take one (the Vercel AI SDK's `createOpenAI({ fetch })` and
 * `createOpenAICompatible({ fetch })`, LangChain's `configuration.fetch`; `portkey-ai` takes none): it adds the
 * Portkey headers the request lacks (API key, routing, metadata, and the provider key as
 * `Authorization` when the client sent none), the active trace as `x-portkey-trace-id` and W3C
 * `traceparent`, and makes each LLM request one span, exactly like `createPortkeyClient`. Options beat
 * environment variables (`PORTKEY_API_KEY`, `PORTKEY_PROVIDER`, `PORTKEY_VIRTUAL_KEY`, `PORTKEY_CONFIG`).
 *
 * @example
 * ```ts
 * import { createOpenAI } from '@ai-sdk/openai';
 * import { generateText } from 'ai';
 * import { openobserveInit } from '@portobserve/core';
 * import { createPortkeyFetch, PORTKEY_GATEWAY_URL } from '@portobserve/portkey';
 *
 * openobserveInit();
 * const openai = createOpenAI({ baseURL: PORTKEY_GATEWAY_URL, fetch: createPortkeyFetch({ provider: 'openai' }) });
 * const { text } = await generateText({ model: openai.chat('gpt-4o-mini'), prompt: 'Hello' });
 * ```
 */
export function createPortkeyFetch(options: PortkeyFetchOptions = {}): typeof globalThis.fetch {
  const { fetch: userFetch, instrumentation = {}, ...portkeyOptions } = options;
  const resolved = resolvePortkeyOptions(portkeyOptions);
  const headers = portkeyHeaders(resolved.headerOptions);
  if (resolved.providerApiKey) headers.Authorization = `Bearer ${resolved.providerApiKey}`;
  const fillTraceId = options.traceId === undefined;
  const traced =
    instrumentation === false
      ? withTraceHeaders(userFetch, fillTraceId)
      : createTracedFetch({ ...instrumentation, fetch: userFetch, portkeyTraceId: fillTraceId });
  return function portkeyFetch(input, init) {
    return traced(input, { ...init, headers: withMissingHeaders(init?.headers, headers) });
  };
}

/** The request's headers, plus each Portkey header it does not set itself. */
function withMissingHeaders(given: HeadersInit | undefined, defaults: Record<string, string>): Headers {
  const merged = new Headers(given);
  for (const [name, value] of Object.entries(defaults)) if (!merged.has(name)) merged.set(name, value);
  return merged;
}
