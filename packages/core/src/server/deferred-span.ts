import {
  type Attributes,
  type AttributeValue,
  type Exception,
  type Link,
  type Span,
  type SpanContext,
  SpanKind,
  type SpanStatus,
  type TimeInput,
} from '@opentelemetry/api';

/**
 * A request's SERVER span that comes into being only once something needs it. That can be a span
 * started under it: an LLM call or any other instrumentation's span (the SDK asks the parent for its
 * `spanContext()`, and so does every propagator). It can be an attribute, event, status or exception
 * written to it. Until then nothing is recorded, and `end()` exports nothing, so a request that makes
 * no LLM call records and exports nothing. When it does come into being, it starts when
 * the request started.
 */
export class DeferredSpan implements Span {
  /** As on the SDK's spans: what a nested adapter reads to see that a SERVER span is already active. */
  readonly kind = SpanKind.SERVER;
  readonly #startTime = performance.now();
  readonly #start: (startTime: number) => Span;
  #span: Span | undefined;
  #whenCreated: (() => void) | undefined;
  #sealed: ((span: Span) => void) | undefined;

  /** `start` makes the real span (called at most once, with the request's start as a performance timestamp). */
  constructor(start: (startTime: number) => Span) {
    this.#start = start;
  }

  /** True once the real span exists. */
  get materialized(): boolean {
    return this.#span !== undefined;
  }

  /**
   * The real span, started now (backdated to the request's start) if it was not yet. After
   * {@link seal}, it is also finished at once, as the request was: a child started after the request
   * ended (work the handler left running) still has its parent.
   */
  materialize(): Span {
    if (this.#span) return this.#span;
    const span = this.#start(this.#startTime);
    this.#span = span;
    // Each callback runs once; dropping them lets go of what they hold (the request, its response).
    const whenCreated = this.#whenCreated;
    const sealed = this.#sealed;
    this.#whenCreated = undefined;
    this.#sealed = undefined;
    whenCreated?.();
    sealed?.(span);
    return span;
  }

  /** Calls `callback` once the real span exists (now, if it does). */
  whenCreated(callback: () => void): void {
    if (this.#span) callback();
    else this.#whenCreated = callback;
  }

  /** The request ended with no span: if one is made later, `finish` ends it as the request ended. */
  seal(finish: (span: Span) => void): void {
    this.#sealed = finish;
    // The request has ended: what was to run when the span came to be (a watch on the response) is
    // moot now, and holding it would hold the response. This span stays in the request's context,
    // and a connection kept alive keeps that context (its idle timer was set in it), so each idle
    // connection held its last request and response until the next one came.
    this.#whenCreated = undefined;
  }

  spanContext(): SpanContext {
    return this.materialize().spanContext();
  }

  setAttribute(key: string, value: AttributeValue): this {
    this.materialize().setAttribute(key, value);
    return this;
  }

  setAttributes(attributes: Attributes): this {
    this.materialize().setAttributes(attributes);
    return this;
  }

  addEvent(name: string, attributesOrStartTime?: Attributes | TimeInput, startTime?: TimeInput): this {
    this.materialize().addEvent(name, attributesOrStartTime, startTime);
    return this;
  }

  addLink(link: Link): this {
    this.materialize().addLink(link);
    return this;
  }

  addLinks(links: Link[]): this {
    this.materialize().addLinks(links);
    return this;
  }

  setStatus(status: SpanStatus): this {
    this.materialize().setStatus(status);
    return this;
  }

  updateName(name: string): this {
    this.materialize().updateName(name);
    return this;
  }

  recordException(exception: Exception, time?: TimeInput): void {
    this.materialize().recordException(exception, time);
  }

  /** Ends the real span if there is one; a span nothing needed ends as it lived: unrecorded. */
  end(endTime?: TimeInput): void {
    // A start given as a performance timestamp makes the SDK read an end without a time from Date.now()
    // (millisecond steps): give it the same clock.
    this.#span?.end(endTime ?? performance.now());
  }

  /** True until it exists (it records whatever is written to it), then the real span's answer. */
  isRecording(): boolean {
    return this.#span ? this.#span.isRecording() : true;
  }
}
