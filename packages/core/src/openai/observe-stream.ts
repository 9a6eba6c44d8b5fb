import type { LLMCall } from '../call/llm-call.js';
import { isRecord } from '../mapping/is-record.js';

/** The parts of the SDK's `Stream` we observe. */
export interface StreamLike {
  iterator: (...args: unknown[]) => AsyncIterator<unknown>;
  controller?: { signal?: AbortSignal };
}

export function isStreamLike(value: unknown): value is StreamLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { iterator?: unknown }).iterator === 'function' &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}

// A stream dropped without being read ends its span when it is garbage collected.
const droppedStreams = new FinalizationRegistry<LLMCall>((call) => call.endStream('dropped'));

/**
 * Observes the SDK's own `Stream` in place: its `iterator` is wrapped (as the SDK itself does in
 * `__betaTransformIterator`), so `for await`, `tee()`, `toReadableStream()` and helpers all pass through
 * the observer, and the object the user holds keeps its class, `controller` and methods.
 */
export function observeStream(stream: StreamLike, call: LLMCall): void {
  if (!call.beginStream()) return;
  call.armIdleTimer('idle');
  droppedStreams.register(stream, call, call);
  const originalIterator = stream.iterator;
  let observed = false;
  stream.iterator = function observedIterator(this: unknown, ...args: unknown[]) {
    const inner = originalIterator.apply(this, args);
    // Only the first iteration is the call's; a second one fails inside the SDK as it would without us.
    if (observed) return inner;
    observed = true;
    droppedStreams.unregister(call);
    return observeIterator(inner, call, stream.controller?.signal);
  };
}

function observeIterator(
  inner: AsyncIterator<unknown>,
  call: LLMCall,
  signal: AbortSignal | undefined,
): AsyncIterableIterator<unknown> {
  const onResult = (result: IteratorResult<unknown>): IteratorResult<unknown> => {
    call.readSettled();
    if (result.done) {
      call.endStream(signal?.aborted && !call.streamComplete() ? 'aborted' : 'complete');
    } else {
      call.chunk(result.value);
    }
    return result;
  };
  const onError = (error: unknown): never => {
    call.readSettled();
    call.failStream(error);
    throw error;
  };
  const hideUsageChunk = call.hideUsageChunk;
  // One callback for every chunk (no closure per read).
  const onNext = (
    result: IteratorResult<unknown>,
  ): IteratorResult<unknown> | Promise<IteratorResult<unknown>> => {
    if (hideUsageChunk && !result.done) {
      const chunk = result.value;
      // The usage-only chunk we asked for: it feeds the span, the user's loop never sees it.
      if (isUsageOnlyChunk(chunk)) {
        call.chunk(chunk);
        return inner.next().then(onNext, onError);
      }
      // Asking for it also puts `usage: null` on every other chunk: taken off, as without our request.
      if (isRecord(chunk) && chunk.usage === null) delete chunk.usage;
    }
    return onResult(result);
  };
  return {
    next(...args: [] | [unknown]) {
      call.readStarted();
      return inner.next(...args).then(onNext, onError);
    },
    return(value?: unknown) {
      // The consumer left early (`break`, `return`, a cancelled tee or ReadableStream): the SDK's own
      // `return()` aborts the HTTP request, exactly as without us.
      call.endStream(call.streamComplete() ? 'complete' : 'cancelled');
      return inner.return ? inner.return(value) : Promise.resolve({ done: true, value });
    },
    throw(error?: unknown) {
      call.failStream(error);
      return inner.throw ? inner.throw(error) : Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** The final chunk `stream_options.include_usage` adds: no choices, only usage. */
function isUsageOnlyChunk(chunk: unknown): boolean {
  return (
    isRecord(chunk) && Array.isArray(chunk.choices) && chunk.choices.length === 0 && isRecord(chunk.usage)
  );
}
