import type { InstrumentationSettings } from '../settings/instrumentation-settings.js';
import { CAPTURING, type CaptureScope, createCapturingFetch } from './capturing-fetch.js';
import { warnAboutUntracedRequests } from './untraced-request-warning.js';

/**
 * Puts the transport capture in front of the global `fetch` (what the AI SDK, LangChain's and other
 * copies of `openai`, and `portkey-ai` send through), once per process whichever copy of core asks.
 * Returns the undo: the original `fetch` comes back, or, if something wrapped ours meanwhile (Next.js
 * patches `fetch` too), ours stays in the chain and passes everything through.
 */
export function installFetchCapture(settings: InstrumentationSettings): () => void {
  const original = globalThis.fetch;
  if (typeof original !== 'function' || CAPTURING in original) return () => {};
  const scope: CaptureScope = { settings, anyHost: false, active: true, portkeyTraceId: true };
  const capturing = createCapturingFetch(original, scope);
  globalThis.fetch = capturing;
  const stopWarning = warnAboutUntracedRequests((url) => {
    const lower = url.toLowerCase();
    return settings.gatewayURLs.some((prefix) => lower.startsWith(prefix));
  });
  return () => {
    scope.active = false;
    stopWarning();
    if (globalThis.fetch === capturing) globalThis.fetch = original;
  };
}
