import { createParser, type EventSourceParser } from 'eventsource-parser';
import type { LLMCall } from '../call/llm-call.js';
import { errorFromBody } from '../mapping/response-error.js';

/** JSON bodies longer than this are passed on unread by us: the span keeps what the headers said. */
const MAX_JSON_BODY_CHARS = 4 * 1024 * 1024;

/** What the pass-through body reports, chunk by chunk and at its end. */
interface BodyObserver {
  chunk(bytes: Uint8Array): void;
  done(): void;
  cancelled(): void;
  failed(error: unknown): void;
  /** Nobody read the body for `idleTimeoutMs`, or the body was garbage collected unread. */
  abandoned(how: 'idle' | 'dropped'): void;
}

// A body dropped unread ends its call when it is garbage collected.
const droppedBodies = new FinalizationRegistry<BodyObserver>((observer) => observer.abandoned('dropped'));

/**
 * Follows a response on its way to the client: the headers now, the body through a pass-through
 * stream that forwards every chunk unchanged, when the consumer asks for it (nothing is read ahead or
 * buffered), and passes a cancel on to the socket. The call ends with the body: its JSON, its SSE
 * events, or its error. Returns the response the client gets.
 */
export function observeResponse(
  response: Response,
  call: LLMCall,
  signal: AbortSignal | undefined,
): Response {
  call.recordResponseHeaders(response.headers);
  const body = response.body;
  if (!response.ok) {
    if (!body) {
      call.fail(errorFromBody(undefined, response.status));
      return response;
    }
    return withBody(response, body, errorObserver(call, response.status), call);
  }
  if (!body) {
    call.finishWithoutBody();
    return response;
  }
  const contentType = response.headers.get('content-type') ?? '';
  if (contentType.includes('text/event-stream') && call.beginStream()) {
    return withBody(response, body, streamObserver(call, signal), call);
  }
  return withBody(response, body, jsonObserver(call), call);
}

function withBody(
  response: Response,
  source: ReadableStream<Uint8Array>,
  observer: BodyObserver,
  call: LLMCall,
): Response {
  const observed = passThrough(source, observer, call);
  const copy = new Response(observed, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  // What `new Response()` cannot take in its init, as the original said it.
  Object.defineProperties(copy, {
    url: { value: response.url },
    redirected: { value: response.redirected },
    type: { value: response.type },
  });
  droppedBodies.register(observed, observer, observer);
  return copy;
}

function passThrough(
  source: ReadableStream<Uint8Array>,
  observer: BodyObserver,
  call: LLMCall,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let settled = false;
  const settle = (): boolean => {
    if (settled) return false;
    settled = true;
    droppedBodies.unregister(observer);
    return true;
  };
  call.armIdleTimer('idle', () => observer.abandoned('idle'));
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        call.readStarted();
        let result: ReadableStreamReadResult<Uint8Array>;
        try {
          result = await reader.read();
        } catch (error) {
          call.readSettled();
          if (settle()) observer.failed(error);
          controller.error(error);
          return;
        }
        call.readSettled();
        if (result.done) {
          if (settle()) observer.done();
          controller.close();
          return;
        }
        observer.chunk(result.value);
        controller.enqueue(result.value);
      },
      cancel(reason) {
        if (settle()) observer.cancelled();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/** A JSON answer: its text is collected (bounded) and mapped once it is complete. */
function jsonObserver(call: LLMCall): BodyObserver {
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let length = 0;
  return {
    chunk(bytes) {
      if (length > MAX_JSON_BODY_CHARS) return;
      const text = decoder.decode(bytes, { stream: true });
      length += text.length;
      if (length > MAX_JSON_BODY_CHARS) parts.length = 0;
      else parts.push(text);
    },
    done() {
      if (length > MAX_JSON_BODY_CHARS) {
        call.finishWithoutBody();
        return;
      }
      parts.push(decoder.decode());
      const json = parseJson(parts.join(''));
      if (json === undefined) call.finishWithoutBody();
      else call.finishWithResponse(json);
    },
    cancelled: () => call.finishWithoutBody(),
    failed: (error) => call.fail(error),
    abandoned: () => call.finishWithoutBody(),
  };
}

/** An error answer: the span ends with the error its body describes (or its status alone). */
function errorObserver(call: LLMCall, status: number): BodyObserver {
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let length = 0;
  return {
    chunk(bytes) {
      if (length > 64 * 1024) return;
      const text = decoder.decode(bytes, { stream: true });
      length += text.length;
      parts.push(text);
    },
    done() {
      parts.push(decoder.decode());
      call.fail(errorFromBody(parseJson(parts.join('')), status));
    },
    cancelled: () => call.fail(errorFromBody(undefined, status)),
    failed: () => call.fail(errorFromBody(undefined, status)),
    abandoned: () => call.fail(errorFromBody(undefined, status)),
  };
}

/** A server-sent event stream: each event's JSON goes to the call's accumulator as it passes. */
function streamObserver(call: LLMCall, signal: AbortSignal | undefined): BodyObserver {
  const decoder = new TextDecoder();
  const parser: EventSourceParser = createParser({
    onEvent(event) {
      if (event.data === '[DONE]') return;
      const chunk = parseJson(event.data);
      if (chunk !== undefined) call.chunk(chunk);
    },
  });
  const aborted = () => signal?.aborted === true && !call.streamComplete();
  return {
    chunk(bytes) {
      parser.feed(decoder.decode(bytes, { stream: true }));
    },
    done() {
      parser.feed(decoder.decode());
      call.endStream(aborted() ? 'aborted' : 'complete');
    },
    cancelled() {
      call.endStream(call.streamComplete() ? 'complete' : aborted() ? 'aborted' : 'cancelled');
    },
    failed(error) {
      if (aborted() || (error as { name?: unknown } | undefined)?.name === 'AbortError')
        call.endStream('aborted');
      else call.failStream(error);
    },
    abandoned: (how) => call.endStream(how),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
