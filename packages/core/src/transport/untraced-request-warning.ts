import diagnosticsChannel from 'node:diagnostics_channel';
import { inFlightRequest } from '../call/in-flight-request.js';
import { createWarnOnce } from '../openobserve/warn-once.js';

const CHANNEL = 'undici:request:create';
const LLM_PATH = /\/(chat\/completions|completions|embeddings|responses)(\?|$)/;
const warnOnce = createWarnOnce();

interface UndiciRequest {
  origin?: unknown;
  method?: unknown;
  path?: unknown;
  headers?: unknown;
}

/**
 * Watches Node's own `fetch` (undici's diagnostics channel) for LLM requests bound for the Portkey
 * gateway that no instrumentation path handled: a client that captured `fetch` before
 * `instrumentOpenAI()` ran (the `openai` SDK and `portkey-ai` keep the `fetch` they were created with).
 * The first one is reported, once. Returns the unsubscribe.
 */
export function warnAboutUntracedRequests(isGatewayURL: (url: string) => boolean): () => void {
  const onRequest = (message: unknown): void => {
    const request = (message as { request?: UndiciRequest } | undefined)?.request;
    if (request?.method !== 'POST' || typeof request.path !== 'string') return;
    if (!LLM_PATH.test(request.path) || inFlightRequest()) return;
    const url = `${String(request.origin)}${request.path}`;
    if (!hasPortkeyHeader(request.headers) && !isGatewayURL(url)) return;
    warnOnce(
      'untraced-gateway-request',
      `an LLM request to the Portkey gateway (POST ${url.split('?')[0]}) was sent by a client that kept the fetch ` +
        'it had before instrumentOpenAI() ran, so it is not traced. Create the client after instrumentOpenAI(), ' +
        'or give a client that takes a fetch (openai, the AI SDK) a traced one: fetch: createTracedFetch() ' +
        '(@portobserve/core) or createPortkeyFetch() (@portobserve/portkey). portkey-ai takes no fetch: create it after setup.',
    );
  };
  diagnosticsChannel.subscribe(CHANNEL, onRequest);
  return () => diagnosticsChannel.unsubscribe(CHANNEL, onRequest);
}

function hasPortkeyHeader(headers: unknown): boolean {
  if (Array.isArray(headers)) {
    // undici 6+: [name, value, name, value, ...]
    for (let index = 0; index < headers.length; index += 2) {
      const name = headers[index];
      if (typeof name === 'string' && name.toLowerCase().startsWith('x-portkey-')) return true;
    }
    return false;
  }
  return typeof headers === 'string' && /(^|\n)x-portkey-/i.test(headers);
}
