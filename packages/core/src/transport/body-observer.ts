import type { LLMCall } from '../call/llm-call.js';

/**
 * What an observed response body reports to its call: chunk by chunk when the consumer reads the body
 * stream, or whole when it reads it with `json()`, `text()` and the like.
 */
export interface BodyObserver {
  chunk(bytes: Uint8Array): void;
  done(): void;
  /** The consumer read the whole body as text (`text()`; bytes and blobs decoded here). */
  whole(text: string): void;
  /** The consumer parsed the whole body as JSON (`json()`), so it is not parsed again. */
  parsed(value: unknown): void;
  cancelled(): void;
  failed(error: unknown): void;
  /** Nobody read the body for `idleTimeoutMs`, or the body was garbage collected unread. */
  abandoned(how: 'idle' | 'dropped'): void;
}

// A body dropped unread ends its call when its watch (see BodyWatch) is garbage collected.
const droppedBodies = new FinalizationRegistry<BodyObserver>((observer) => observer.abandoned('dropped'));

/**
 * `observer` with at most one ending (the first of done, whole, parsed, cancelled, failed, abandoned),
 * and no chunk after it: a response and its clones can each deliver the body, and the first to finish
 * ends the call.
 */
class SettledOnce implements BodyObserver {
  #settled = false;
  readonly #observer: BodyObserver;

  constructor(observer: BodyObserver) {
    this.#observer = observer;
  }

  chunk(bytes: Uint8Array): void {
    if (!this.#settled) this.#observer.chunk(bytes);
  }
  done(): void {
    if (this.#settle()) this.#observer.done();
  }
  whole(text: string): void {
    if (this.#settle()) this.#observer.whole(text);
  }
  parsed(value: unknown): void {
    if (this.#settle()) this.#observer.parsed(value);
  }
  cancelled(): void {
    if (this.#settle()) this.#observer.cancelled();
  }
  failed(error: unknown): void {
    if (this.#settle()) this.#observer.failed(error);
  }
  abandoned(how: 'idle' | 'dropped'): void {
    if (this.#settle()) this.#observer.abandoned(how);
  }

  #settle(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    droppedBodies.unregister(this);
    return true;
  }
}

/**
 * A response body on its way to the consumer: its call and its observer. Every response and body
 * stream that can still deliver the body holds it; once none does, it is garbage collected and the
 * call ends as dropped (if nothing ended it before).
 */
export interface BodyWatch {
  readonly call: LLMCall;
  readonly observer: BodyObserver;
  /** The responses that can deliver the body (a response and its clones): a cancel ends the call only when each of them was cancelled. */
  deliverers: number;
}

/** The watch of one response body: `observer` ends at most once, and as dropped if the body is. */
export function watchBody(call: LLMCall, observer: BodyObserver): BodyWatch {
  const once = new SettledOnce(observer);
  const watch: BodyWatch = { call, observer: once, deliverers: 0 };
  droppedBodies.register(watch, once, once);
  return watch;
}

/** One deliverer of the body was cancelled: the call ends as cancelled once all of them were. */
export function deliveryCancelled(watch: BodyWatch): void {
  watch.deliverers -= 1;
  if (watch.deliverers <= 0) watch.observer.cancelled();
}
