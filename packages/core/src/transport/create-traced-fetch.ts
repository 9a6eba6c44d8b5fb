import { registerContentSettings } from '../settings/content-ceiling.js';
import type { InstrumentOpenAIOptions } from '../settings/instrument-openai-options.js';
import { resolveInstrumentationSettingsOrFallBack } from '../settings/instrumentation-settings.js';
import { createCapturingFetch } from './capturing-fetch.js';
import { sendThroughGlobalFetch } from './send-through-global-fetch.js';

/**
 * Options of {@link createTracedFetch}: the instrumentation's options, and the `fetch` to wrap.
 *
 * @example
 * ```ts
 * const options: TracedFetchOptions = { captureContent: false, fetch: myFetch };
 * createOpenAI({ fetch: createTracedFetch(options) });
 * ```
 */
export interface TracedFetchOptions extends Omit<InstrumentOpenAIOptions, 'gatewayURLs'> {
  /**
   * The `fetch` that sends the requests (default: the global `fetch`, looked up at each call; when that
   * leads back to this one, as after `globalThis.fetch = createTracedFetch()`, the global `fetch` there
   * was when it was made).
   */
  fetch?: typeof globalThis.fetch;
  /**
   * Send the active trace id as `x-portkey-trace-id` when a request has none (default true), so
   * Portkey's logs and the trace share one id. W3C `traceparent` is always added.
   */
  portkeyTraceId?: boolean;
}

/**
 * A `fetch` for an LLM client that takes one (the AI SDK's `createOpenAI({ fetch })`, LangChain's
 * `configuration.fetch`, `new OpenAI({ fetch })`; `portkey-ai` takes none: it keeps the global `fetch`
 * of when it was made): each OpenAI-compatible request it sends
 * (`/chat/completions`, `/completions`, `/embeddings`, `/responses`), to any host, becomes one LLM span,
 * with the response passed through unchanged as it streams. Every other request goes straight through.
 * With `@portobserve/portkey`, `createPortkeyFetch()` adds the Portkey headers as well.
 *
 * @example
 * ```ts
 * import { createOpenAI } from '@ai-sdk/openai';
 * import { createTracedFetch, openobserveInit } from '@portobserve/core';
 *
 * openobserveInit();
 * const openai = createOpenAI({ baseURL: 'https://api.portkey.ai/v1', fetch: createTracedFetch() });
 * ```
 */
export function createTracedFetch(options: TracedFetchOptions = {}): typeof globalThis.fetch {
  const { fetch: inner, portkeyTraceId = true, ...instrumentation } = options;
  const settings = resolveInstrumentationSettingsOrFallBack(instrumentation);
  // Covered by the app-wide call alone: its own scope.
  registerContentSettings(settings, {});
  const send = inner ?? sendThroughGlobalFetch();
  return createCapturingFetch(send, { settings, anyHost: true, active: true, portkeyTraceId });
}
