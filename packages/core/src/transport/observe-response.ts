import { createParser, type EventSourceParser } from 'eventsource-parser';
import type { LLMCall } from '../call/llm-call.js';
import { errorFromBody } from '../mapping/response-error.js';
import { type BodyObserver, watchBody } from './body-observer.js';
import { observedResponse } from './observed-response.js';

/** JSON bodies longer than this are passed on unread by us: the span keeps what the headers said. */
const MAX_JSON_BODY_CHARS = 4 * 1024 * 1024;
/** Of an error answer, this much text is kept for its message. */
const ERROR_BODY_CHARS = 64 * 1024;

/**
 * Follows a response on its way to the client: the headers now, the body however the client reads it
 * (see observed-response.ts: nothing is read ahead or buffered, and a cancel reaches the socket). The
 * call ends with the body: its JSON, its SSE events, or its error (an abort is told by the call's
 * `callerSignal`, the request's). Returns the response the client gets. The answer to a request that asked for a stream (`streamRequested`) is read as events whatever its
 * `content-type` says, as openai and the AI SDK read it.
 */
export function observeResponse(response: Response, call: LLMCall, streamRequested: boolean): Response {
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
  if ((streamRequested || contentType.includes('text/event-stream')) && call.beginStream()) {
    return withBody(response, body, streamObserver(call), call);
  }
  return withBody(response, body, jsonObserver(call, contentType), call);
}

function withBody(
  response: Response,
  source: ReadableStream<Uint8Array>,
  observer: BodyObserver,
  call: LLMCall,
): Response {
  // Not a web stream (a fetch polyfill's Node stream): the caller gets the response as it came.
  if (typeof source.getReader !== 'function') {
    call.finishWithoutBody();
    return response;
  }
  const watch = watchBody(call, observer);
  // Not `watch` itself: the timer would keep it (and so the body) from ever counting as dropped.
  const once = watch.observer;
  call.armIdleTimer('idle', () => once.abandoned('idle'));
  return observedResponse(response, source, watch);
}

/**
 * A JSON answer: its text is collected (bounded) and mapped once it is complete. When the answer says
 * it is JSON (its `contentType`) and its body is not, the call failed, however the client read it: openai 7
 * reads `text()` and parses it itself, and throws, as `json()` does (openai 5 and 6). Any other body
 * that is not JSON is an answer without a result, as openai takes it (it returns a `text/html` answer
 * as a string; the AI SDK, which parses every body, throws), and so is an empty one (openai 7 returns
 * `undefined` for it).
 */
function jsonObserver(call: LLMCall, contentType: string): BodyObserver {
  const text = new BoundedText(MAX_JSON_BODY_CHARS);
  const finishWithText = (whole: string): void => {
    if (whole.length > MAX_JSON_BODY_CHARS || whole === '') {
      call.finishWithoutBody();
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(whole);
    } catch (error) {
      // Only looked at here: most answers parse.
      if (declaresJson(contentType)) call.fail(error);
      else call.finishWithoutBody();
      return;
    }
    call.finishWithResponse(json);
  };
  return {
    chunk: (bytes) => text.add(bytes),
    done: () => (text.complete() ? finishWithText(text.end()) : call.finishWithoutBody()),
    whole: finishWithText,
    parsed: (json) => call.finishWithResponse(json),
    cancelled: () => call.finishWithoutBody(),
    failed: (error) => call.fail(error),
    abandoned: () => call.finishWithoutBody(),
  };
}

/** An error answer: the span ends with the error its body describes (or its status alone). */
function errorObserver(call: LLMCall, status: number): BodyObserver {
  const text = new BoundedText(ERROR_BODY_CHARS);
  const fail = (json: unknown): void => call.fail(errorFromBody(json, status));
  return {
    chunk: (bytes) => text.add(bytes),
    done: () => fail(parseJson(text.end())),
    whole: (whole) => fail(parseJson(whole.slice(0, ERROR_BODY_CHARS))),
    parsed: fail,
    cancelled: () => fail(undefined),
    failed: () => fail(undefined),
    abandoned: () => fail(undefined),
  };
}

/** Text decoded chunk by chunk, kept up to `limit` characters (beyond it, the rest is not decoded). */
class BoundedText {
  #decoder: TextDecoder | undefined;
  readonly #parts: string[] = [];
  #length = 0;
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  add(bytes: Uint8Array): void {
    if (this.#length > this.#limit) return;
    this.#decoder ??= new TextDecoder();
    const text = this.#decoder.decode(bytes, { stream: true });
    this.#length += text.length;
    if (this.#length > this.#limit) this.#parts.length = 0;
    else this.#parts.push(text);
  }

  /** False when the text went over the limit (then nothing of it is kept). */
  complete(): boolean {
    return this.#length <= this.#limit;
  }

  end(): string {
    if (this.#decoder && this.complete()) this.#parts.push(this.#decoder.decode());
    return this.#parts.join('');
  }
}

/** A server-sent event stream: each event's JSON goes to the call's accumulator as it passes. */
function streamObserver(call: LLMCall): BodyObserver {
  const signal = call.callerSignal;
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
    whole(text) {
      parser.feed(text);
      this.done();
    },
    // An event stream that parsed as JSON holds no events.
    parsed: () => call.endStream('complete'),
    cancelled() {
      // An abort that interrupted a read is an abort. One while no read waited is a loop left early:
      // openai 7 aborts its own request on a `break`, then cancels the body.
      const end = call.streamComplete()
        ? 'complete'
        : aborted() && call.readPending
          ? 'aborted'
          : 'cancelled';
      call.endStream(end);
    },
    failed(error) {
      if (aborted() || (error as { name?: unknown } | undefined)?.name === 'AbortError')
        call.endStream('aborted');
      else call.failStream(error);
    },
    abandoned: (how) => call.endStream(how),
  };
}

/** Whether a `content-type` says JSON, as openai reads it (`application/json`, `...+json`). */
function declaresJson(contentType: string): boolean {
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType.includes('application/json') || mediaType.endsWith('+json');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
