/**
 * A `fetch` that sends through the global `fetch` as it is at each call, for a wrapper made without a
 * `fetch` of its own. When the global `fetch` leads straight back into the wrapper while a request is
 * being sent (the wrapper installed as the global one: `globalThis.fetch = createTracedFetch()`), that
 * request goes to the global `fetch` there was when this was made, instead of round and round.
 *
 * @example
 * ```ts
 * const send = options.fetch ?? sendThroughGlobalFetch();
 * const wrapped: typeof fetch = (input, init) => send(input, { ...init, headers: withMyHeaders(init) });
 * ```
 */
export function sendThroughGlobalFetch(): typeof globalThis.fetch {
  const atCreation = globalThis.fetch;
  let sending = false;
  return (input, init) => {
    if (sending) return atCreation(input, init);
    sending = true;
    try {
      return globalThis.fetch(input, init);
    } finally {
      sending = false;
    }
  };
}
