import { type Attributes, type AttributeValue, type Span, SpanStatusCode } from '@opentelemetry/api';
import { attempt, reportFailedPart } from '../mapping/attempt.js';
import { GEN_AI, OPENINFERENCE_DUPLICATES, PORTOBSERVE } from '../mapping/attribute-names.js';
import type { LLMOperation, StreamAccumulator } from '../mapping/llm-operation.js';
import { errorBodyFactsOf, PORTKEY, writePortkeyResponseAttributes } from '../mapping/portkey-attributes.js';
import { errorType, recordError } from '../mapping/record-error.js';
import { writeResponseAttributes } from '../mapping/write-response-attributes.js';
import type { InstrumentationSettings } from '../settings/instrumentation-settings.js';
import type { CallFacts } from './call-facts.js';
import { recordCallMetrics } from './record-call-metrics.js';
import { noteNotWaiting, noteWaiting, type WaitingCall } from './waiting-calls.js';

/** How a streamed call ended, recorded as `portobserve.stream.end`. */
export type StreamEnd = 'complete' | 'cancelled' | 'aborted' | 'error' | 'idle' | 'dropped';

/**
 * One LLM call's span from start to end. Every path (response, error, stream end, early `break`,
 * abort, a response or stream never read) ends the span, and only the first one counts.
 */
export class LLMCall implements WaitingCall {
  /**
   * We asked for `stream_options.include_usage` on the user's behalf: the usage-only chunk feeds the
   * span but is kept out of the user's iteration.
   */
  hideUsageChunk = false;
  /**
   * The caller's `AbortSignal`, when it gave one: a stream it stops is not an error, but one its
   * `AbortSignal.timeout()` cut off is (`TimeoutError`).
   */
  callerSignal: AbortSignal | undefined;
  /** Names an error by its SDK class where the class's own name may be minified (the `openai` path). */
  errorClassName: ((error: unknown) => string | undefined) | undefined;
  private ended = false;
  private failed = false;
  private metered = false;
  private headersRecorded = false;
  private accumulator: StreamAccumulator | undefined;
  private readonly startedAt = performance.now();
  private lastActivity = 0;
  private pendingReads = 0;
  private readOnce = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private idleEnd: StreamEnd = 'idle';
  private onIdle: (() => void) | undefined;

  constructor(
    readonly span: Span,
    private readonly operation: LLMOperation,
    private readonly settings: InstrumentationSettings,
    private readonly requestedModel: string | undefined,
    /** Prompt and answer attributes, written when the span ends (see {@link writeContent}). */
    private readonly content: Attributes,
    /** What the metrics need, kept as the span is written; undefined while no `MeterProvider` is registered. */
    private readonly facts: CallFacts | undefined,
  ) {}

  get isEnded(): boolean {
    return this.ended;
  }

  /**
   * The span to make active while the request is sent, so its HTTP span and trace headers are its
   * children. A span that is not recorded (kept only for the metrics) is left out of the context: the
   * request is then traced as it would be without us.
   */
  get spanToActivate(): Span | undefined {
    return this.span.isRecording() ? this.span : undefined;
  }

  /**
   * Writes attributes on the span and keeps the metric facts among them: every attribute that may be one
   * (request, Portkey headers, response, time to first chunk) reaches the span this way.
   */
  writeAttributes(attributes: Attributes): void {
    if (this.settings.openInferenceAttributes) this.span.setAttributes(attributes);
    else writeGenAINamesOnly(this.span, attributes);
    this.facts?.note(attributes);
  }

  /** The response (or error) headers arrived: Portkey's routing facts go on the span. */
  recordResponseHeaders(headers: unknown): void {
    if (this.ended || this.headersRecorded || !headers) return;
    this.headersRecorded = true;
    const attributes: Attributes = {};
    attempt('Portkey response headers', () => {
      if (writePortkeyResponseAttributes(headers, attributes, this.settings.deprecatedGenAISystem)) {
        this.writeAttributes(attributes);
      }
    });
  }

  /** A non-streamed response body arrived and was parsed. */
  finishWithResponse(body: unknown): void {
    if (this.ended) return;
    this.writeResponse(body, {});
    this.span.setStatus({ code: SpanStatusCode.OK });
    this.end();
  }

  /** The response arrived but its body will not be parsed by us (`asResponse()` only). */
  finishWithoutBody(): void {
    if (this.ended) return;
    this.span.setStatus({ code: SpanStatusCode.OK });
    this.end();
  }

  /** The request or its parsing failed. An API error carries the gateway's headers and body too. */
  fail(error: unknown): void {
    if (this.ended) return;
    this.recordResponseHeaders((error as { headers?: unknown } | undefined)?.headers);
    const bodyFacts = errorBodyFactsOf(error);
    if (bodyFacts?.gatewayFailure) this.span.setAttribute(PORTKEY.gatewayException, true);
    this.recordFailure(error, bodyFacts?.message);
    this.end();
  }

  /**
   * The parsed result is a stream: from now on chunks come through {@link chunk}. False when the call
   * already follows a stream (one seen again through a derived promise) or has ended.
   */
  beginStream(): boolean {
    if (this.ended || this.accumulator) return false;
    this.accumulator = this.operation.createStreamAccumulator(this.settings.content.captureOutputs);
    this.span.setAttribute(PORTOBSERVE.streamed, true);
    return true;
  }

  /** A read of the stream started; the stream is in use, not idle (until it settles, see checkIdle). */
  readStarted(): void {
    this.pendingReads += 1;
    this.readOnce = true;
  }

  /** True once a read of the stream has started: the app is using it. */
  get everRead(): boolean {
    return this.readOnce;
  }

  /** A read of the stream is waiting for data. */
  get readPending(): boolean {
    return this.pendingReads > 0;
  }

  /** A read of the stream settled. */
  readSettled(): void {
    this.pendingReads = Math.max(0, this.pendingReads - 1);
    this.lastActivity = performance.now();
  }

  chunk(value: unknown): void {
    const accumulator = this.accumulator;
    if (this.ended || !accumulator) return;
    // Inline, not through attempt(): no closure per chunk.
    let first = false;
    try {
      first = accumulator.add(value);
    } catch (error) {
      reportFailedPart('a stream chunk', error);
    }
    if (first)
      this.writeAttributes({ [GEN_AI.timeToFirstChunk]: (performance.now() - this.startedAt) / 1000 });
  }

  /**
   * The stream ended without an exception: exhausted, left early, aborted, never read or dropped. A
   * stream that was exhausted before it said it was complete (no finish reason, no final event: a
   * gateway that ends the stream when its upstream fails) is an error.
   */
  endStream(how: StreamEnd): void {
    if (this.ended) return;
    let error = this.accumulator?.inBandError();
    let end = how;
    if (!error && how === 'complete' && this.accumulator && !this.accumulator.isComplete()) {
      error = new IncompleteStreamError();
      end = 'error';
    }
    this.writeStreamResult(end);
    if (error) {
      this.recordFailure(error);
    } else if (how === 'complete') {
      this.span.setStatus({ code: SpanStatusCode.OK });
    } else if (how === 'aborted' && isTimeout(this.callerSignal?.reason)) {
      this.recordFailure(this.callerSignal?.reason);
    }
    // Otherwise `cancelled` and `aborted` leave the status unset: the caller chose to stop (a `break`,
    // a stop button, a client gone), nothing failed. The content stays, so OpenObserve estimates the tokens
    // the provider generated and bills.
    this.end();
  }

  /** The stream threw: record what it delivered so far, and the error. */
  failStream(error: unknown): void {
    if (this.ended) return;
    this.writeStreamResult('error');
    this.fail(error);
  }

  /** True once the stream said it was complete (so a later abort is not an error). */
  streamComplete(): boolean {
    return this.accumulator?.isComplete() ?? false;
  }

  /**
   * Ends the call as `how` (or with `onIdle`) if nothing happens for `idleTimeoutMs`; activity pushes
   * the deadline back.
   */
  armIdleTimer(how: StreamEnd, onIdle?: () => void): void {
    if (this.ended) return;
    this.idleEnd = how;
    this.onIdle = onIdle;
    this.lastActivity = performance.now();
    if (!this.idleTimer) this.scheduleIdleCheck(this.settings.idleTimeoutMs);
    noteWaiting(this);
  }

  disarmIdleTimer(): void {
    if (!this.idleTimer) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    noteNotWaiting(this);
  }

  /**
   * Ends the call now, as its idle timer would once it expired: the process is ending (or telemetry
   * is shut down), so that timer will not fire.
   */
  endIdle(): void {
    if (this.ended) return;
    this.disarmIdleTimer();
    if (this.onIdle) this.onIdle();
    else if (this.accumulator) this.endStream(this.idleEnd);
    else this.finishWithoutBody();
  }

  private scheduleIdleCheck(delayMs: number): void {
    this.idleTimer = setTimeout(() => this.checkIdle(), delayMs);
    this.idleTimer.unref?.();
  }

  private checkIdle(): void {
    if (this.ended) return;
    const idleFor = performance.now() - this.lastActivity;
    if (this.pendingReads > 0 || idleFor < this.settings.idleTimeoutMs) {
      this.scheduleIdleCheck(
        Math.max(1, this.settings.idleTimeoutMs - (this.pendingReads > 0 ? 0 : idleFor)),
      );
      return;
    }
    this.endIdle();
  }

  private writeStreamResult(how: StreamEnd): void {
    const accumulator = this.accumulator;
    const attributes: Attributes = { [PORTOBSERVE.streamEnd]: how };
    if (accumulator) this.writeResponse(accumulator.response(), attributes);
    else this.writeAttributes(attributes);
  }

  private writeResponse(body: unknown, attributes: Attributes): void {
    attempt('the response', () =>
      writeResponseAttributes(
        this.operation,
        body,
        this.requestedModel,
        this.settings,
        attributes,
        this.content,
      ),
    );
    if (attributes[GEN_AI.usageInputTokens] !== undefined) this.metered = true;
    this.writeAttributes(attributes);
  }

  private recordFailure(error: unknown, detail?: string): void {
    this.failed = true;
    // The metrics' error.type first: a failure while writing the span must not count the call a success.
    const className = this.errorClassName?.(error);
    attempt('the error type', () => {
      if (this.facts) this.facts.errorType = errorType(error, className);
    });
    attempt('the error', () => recordError(this.span, error, detail, className));
  }

  /**
   * The prompt and the answer go on the span last, so no attribute limit can crowd out the token
   * counts. A failed call without token counts keeps them under `portobserve.failed.*`: OpenObserve
   * reads the `gen_ai.*` and OpenInference content to estimate missing counts, and would bill a call
   * (a 429, say) that used no tokens.
   */
  private writeContent(): void {
    if (!this.failed || this.metered) {
      this.span.setAttributes(this.content);
      return;
    }
    const unmetered: Attributes = {};
    for (const key in this.content) unmetered[`${PORTOBSERVE.failedContentPrefix}${key}`] = this.content[key];
    this.span.setAttributes(unmetered);
  }

  private end(): void {
    this.ended = true;
    this.disarmIdleTimer();
    attempt('content', () => this.writeContent());
    this.span.end();
    if (this.facts) recordCallMetrics(this.facts, this.startedAt);
  }
}

/** The reason `AbortSignal.timeout()` (also inside `AbortSignal.any()`) aborts with. */
function isTimeout(reason: unknown): boolean {
  return reason instanceof Error && reason.name === 'TimeoutError';
}

/** A stream that ended before the model finished (no finish reason or final event arrived). */
class IncompleteStreamError extends Error {
  override name = 'IncompleteStreamError';
  constructor() {
    super('The stream ended before the model finished: no finish reason or final event arrived.');
  }
}

/** `attributes` on `span` without the OpenInference duplicates (`openInferenceAttributes: false`). */
function writeGenAINamesOnly(span: Span, attributes: Attributes): void {
  for (const name in attributes) {
    if (!OPENINFERENCE_DUPLICATES.has(name)) span.setAttribute(name, attributes[name] as AttributeValue);
  }
}
