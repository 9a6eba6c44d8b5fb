import { type Attributes, type Span, SpanStatusCode } from '@opentelemetry/api';
import { GEN_AI, PORTOBSERVE } from './attribute-names.js';
import type { LLMOperation, MappingSettings, StreamAccumulator } from './llm-operation.js';
import { isPortkeyGatewayFailure, PORTKEY, writePortkeyResponseAttributes } from './portkey-attributes.js';
import { recordError } from './record-error.js';

/** How a streamed call ended, recorded as `portobserve.stream.end`. */
export type StreamEnd = 'complete' | 'cancelled' | 'aborted' | 'error' | 'idle' | 'dropped';

/** Settings that shape a call's lifetime. */
export interface CallSettings extends MappingSettings {
  /** A response or stream nobody reads is ended after this long without activity. */
  idleTimeoutMs: number;
}

/**
 * One LLM call's span from start to end. Every path (response, error, stream end, early `break`,
 * abort, a response or stream never read) ends the span, and only the first one counts.
 */
export class LLMCall {
  private ended = false;
  private headersRecorded = false;
  private accumulator: StreamAccumulator | undefined;
  private readonly startedAt = performance.now();
  private lastActivity = 0;
  private pendingReads = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private idleEnd: StreamEnd = 'idle';

  constructor(
    readonly span: Span,
    private readonly operation: LLMOperation,
    private readonly settings: CallSettings,
  ) {}

  get isEnded(): boolean {
    return this.ended;
  }

  /** The response (or error) headers arrived: Portkey's routing facts go on the span. */
  recordResponseHeaders(headers: unknown): void {
    if (this.ended || this.headersRecorded || !headers) return;
    this.headersRecorded = true;
    const attributes: Attributes = {};
    safely(() => {
      if (writePortkeyResponseAttributes(headers, attributes)) this.span.setAttributes(attributes);
    });
  }

  /** A non-streamed response body arrived and was parsed. */
  finishWithResponse(body: unknown): void {
    if (this.ended) return;
    const attributes: Attributes = {};
    safely(() => this.operation.writeResponseAttributes(body, this.settings, attributes));
    this.span.setAttributes(attributes);
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
    if (isPortkeyGatewayFailure(error)) this.span.setAttribute(PORTKEY.gatewayException, true);
    safely(() => recordError(this.span, error));
    this.end();
  }

  /**
   * The parsed result is a stream: from now on chunks come through {@link chunk}. False when the call
   * already follows a stream (one seen again through a derived promise) or has ended.
   */
  beginStream(): boolean {
    if (this.ended || this.accumulator) return false;
    this.accumulator = this.operation.createStreamAccumulator(this.settings);
    this.span.setAttribute(PORTOBSERVE.streamed, true);
    return true;
  }

  /** A read of the stream started; the stream is in use, not idle. */
  readStarted(): void {
    this.pendingReads += 1;
    this.lastActivity = performance.now();
  }

  /** A read of the stream settled. */
  readSettled(): void {
    this.pendingReads = Math.max(0, this.pendingReads - 1);
    this.lastActivity = performance.now();
  }

  chunk(value: unknown): void {
    if (this.ended || !this.accumulator) return;
    let first = false;
    safely(() => {
      first = this.accumulator?.add(value) ?? false;
    });
    if (first) this.span.setAttribute(GEN_AI.timeToFirstChunk, (performance.now() - this.startedAt) / 1000);
  }

  /** The stream ended without an exception: exhausted, left early, aborted, never read or dropped. */
  endStream(how: StreamEnd): void {
    if (this.ended) return;
    const attributes: Attributes = {};
    safely(() => this.accumulator?.writeAttributes(attributes));
    attributes[PORTOBSERVE.streamEnd] = how;
    this.span.setAttributes(attributes);
    const inBandError = this.accumulator?.inBandError();
    if (inBandError) {
      safely(() => recordError(this.span, inBandError));
    } else if (how === 'complete') {
      this.span.setStatus({ code: SpanStatusCode.OK });
    } else if (how === 'aborted') {
      safely(() => recordError(this.span, abortError()));
    }
    this.end();
  }

  /** The stream threw: record what it delivered so far, and the error. */
  failStream(error: unknown): void {
    if (this.ended) return;
    const attributes: Attributes = {};
    safely(() => this.accumulator?.writeAttributes(attributes));
    attributes[PORTOBSERVE.streamEnd] = 'error';
    this.span.setAttributes(attributes);
    this.fail(error);
  }

  /** True once the stream said it was complete (so a later abort is not an error). */
  streamComplete(): boolean {
    return this.accumulator?.isComplete() ?? false;
  }

  /** Ends the call as `how` if nothing happens for `idleTimeoutMs`; activity pushes the deadline back. */
  armIdleTimer(how: StreamEnd): void {
    if (this.ended) return;
    this.idleEnd = how;
    this.lastActivity = performance.now();
    if (!this.idleTimer) this.scheduleIdleCheck(this.settings.idleTimeoutMs);
  }

  disarmIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private scheduleIdleCheck(delayMs: number): void {
    this.idleTimer = setTimeout(() => this.checkIdle(), delayMs);
    this.idleTimer.unref?.();
  }

  private checkIdle(): void {
    this.idleTimer = undefined;
    if (this.ended) return;
    const idleFor = performance.now() - this.lastActivity;
    if (this.pendingReads > 0 || idleFor < this.settings.idleTimeoutMs) {
      this.scheduleIdleCheck(
        Math.max(1, this.settings.idleTimeoutMs - (this.pendingReads > 0 ? 0 : idleFor)),
      );
      return;
    }
    if (this.accumulator) this.endStream(this.idleEnd);
    else this.finishWithoutBody();
  }

  private end(): void {
    this.ended = true;
    this.disarmIdleTimer();
    this.span.end();
  }
}

/** What the SDK itself throws for an aborted request; a stream swallows it, so we make our own. */
class APIUserAbortError extends Error {
  override name = 'APIUserAbortError';
}

function abortError(): Error {
  return new APIUserAbortError('Request was aborted.');
}

/** Mapping must never break the user's call: a bug in it loses attributes, not the response. */
function safely(work: () => void): void {
  try {
    work();
  } catch {
    // Deliberately ignored: telemetry is best effort.
  }
}
