import { context, createContextKey } from '@opentelemetry/api';

/**
 * A `fetch` that sends through the global `fetch` as it is at each call, for a wrapper made without a
 * `fetch` of its own. When the global `fetch` leads back into the wrapper while a request is being sent
 * (the wrapper installed as the global one, `globalThis.fetch = createTracedFetch()`, perhaps under
 * another wrapper such as a test's mock that awaits first), that request goes to the global `fetch`
 * there was when this was made, instead of round and round; so do all later ones, since the loop is
 * still there. The way back is found in the OpenTelemetry context (across awaits, with a context
 * manager registered) and while the global `fetch` is being called.
 *
 * @example
 * ```ts
 * const send = options.fetch ?? sendThroughGlobalFetch();
 * const wrapped: typeof fetch = (input, init) => send(input, { ...init, headers: withMyHeaders(init) });
 * ```
 */
export function sendThroughGlobalFetch(): typeof globalThis.fetch {
  const atCreation = globalThis.fetch;
  const sending = createContextKey('portobserve: sending through the global fetch');
  let sendingNow = false;
  let loops = false;
  return (input, init) => {
    if (loops || sendingNow || context.active().getValue(sending) === true) {
      loops = true;
      return atCreation(input, init);
    }
    sendingNow = true;
    try {
      return context.with(context.active().setValue(sending, true), () => globalThis.fetch(input, init));
    } finally {
      sendingNow = false;
    }
  };
}
