import type { LLMCall } from '../call/llm-call.js';
import { isStreamLike, observeStream } from './observe-stream.js';

/** The parts of the SDK's `APIPromise` we observe (v5, v6 and v7 share them). */
export interface APIPromiseLike {
  responsePromise: Promise<{ response?: unknown }>;
  parseResponse: (client: unknown, props: unknown) => unknown;
  parse?: () => unknown;
  asResponse?: () => unknown;
  _thenUnwrap?: (...args: unknown[]) => unknown;
}

export function isAPIPromiseLike(value: unknown): value is APIPromiseLike {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<APIPromiseLike>;
  return (
    typeof candidate.parseResponse === 'function' && typeof candidate.responsePromise?.then === 'function'
  );
}

/**
 * Follows the SDK's own `APIPromise` without consuming anything: the response body is seen through
 * the promise's own `parseResponse` (so `parse()`, `withResponse()` and helpers read it exactly once,
 * as without us), errors through `responsePromise`. The user gets the same object back.
 */
export function observeAPIPromise(promise: APIPromiseLike, call: LLMCall): void {
  let parseRequested = false;
  let rawResponseRequested = false;

  const originalParseResponse = promise.parseResponse;
  promise.parseResponse = function observedParseResponse(this: unknown, client: unknown, props: unknown) {
    parseRequested = true;
    call.disarmIdleTimer();
    let parsed: unknown;
    try {
      parsed = originalParseResponse.call(this, client, props);
    } catch (error) {
      call.fail(error);
      throw error;
    }
    return Promise.resolve(parsed).then(
      (value) => {
        if (isStreamLike(value)) observeStream(value, call);
        else call.finishWithResponse(value);
        return value;
      },
      (error: unknown) => {
        call.fail(error);
        throw error;
      },
    );
  };

  const originalParse = promise.parse;
  if (typeof originalParse === 'function') {
    promise.parse = function observedParse(this: unknown) {
      parseRequested = true;
      return originalParse.call(this);
    };
  }

  const originalAsResponse = promise.asResponse;
  if (typeof originalAsResponse === 'function') {
    promise.asResponse = function observedAsResponse(this: unknown) {
      rawResponseRequested = true;
      return originalAsResponse.call(this);
    };
  }

  // Helpers (`parse()`, `responses.stream()`) derive a new promise with `_thenUnwrap`. openai 5 and 6
  // use the prototype's, whose derived promise parses through our `parseResponse` above; openai 7
  // gives each promise its own, which parses without it, so only then is the derived promise followed.
  const originalThenUnwrap = promise._thenUnwrap;
  if (typeof originalThenUnwrap === 'function' && Object.hasOwn(promise, '_thenUnwrap')) {
    promise._thenUnwrap = function observedThenUnwrap(this: unknown, ...args: unknown[]) {
      const derived = originalThenUnwrap.apply(this, args);
      if (derived !== promise && isAPIPromiseLike(derived)) observeAPIPromise(derived, call);
      return derived;
    };
  }

  promise.responsePromise.then(
    (props) => {
      call.recordResponseHeaders(props?.response && (props.response as { headers?: unknown }).headers);
      if (parseRequested || call.isEnded) return;
      // Only the raw Response was asked for: its body is the user's, the call is over.
      if (rawResponseRequested) call.finishWithoutBody();
      // Nobody asked yet: a later await still parses; the idle timer ends a promise left unread.
      else call.armIdleTimer('idle');
    },
    (error: unknown) => call.fail(error),
  );
}
