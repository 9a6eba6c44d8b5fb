import { context, diag, TraceFlags } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, Span } from '@opentelemetry/sdk-trace-base';
import { endWaitingCalls } from '../call/waiting-calls.js';
import { countOf } from '../count-of.js';
import { noteSpanEnd, noteSpanStart } from '../server/server-root-ends.js';
import { classifyExportResult, type ExportFailure, type FailureContext } from './describe-export-failure.js';
import { createExportCounters, type OpenObserveExportStats } from './export-stats.js';
import { createHttpTransport, type ExportTransport } from './http-transport.js';
import type { OpenObserveSpanProcessor } from './openobserve-span-processor.js';
import { createRedactor } from './redact-secrets.js';
import { withoutCredentials } from './resolve-export-target.js';
import type { ResolvedOpenObserveConfig } from './resolve-openobserve-config.js';
import { nextRetryDelayMs } from './retry-delay.js';
import { scrubExportedSpan } from './scrub-exported-span.js';
import { SpanQueue } from './span-queue.js';
import { createWarnOnce } from './warn-once.js';

/** The very first batch goes out this soon (or sooner), so a wrong URL or token is reported at once. */
export const FIRST_EXPORT_DELAY_MS = 1000;

/** How long an exiting process waits, at most, for its last spans to be sent (and `timeoutMs` at most). */
export const EXIT_SEND_DEADLINE_MS = 2000;

/** The most OTLP/JSON an exiting process encodes and sends (before compression); the rest is reported. */
export const EXIT_SEND_MAX_BYTES = 8 * 1024 * 1024;

/** What the processor runs on; tests replace the transport, the clock and the log. */
export interface ExportQueueDependencies {
  transport?: ExportTransport;
  /** Where warnings go; `console.warn` by default. */
  write?: (message: string) => void;
  random?: () => number;
}

type SendOutcome = 'exported' | 'dropped' | 'retry' | 'aborted';

/**
 * Our bounded export queue, in place of the SDK's `BatchSpanProcessor`:
 * - spans wait in a queue of `batch.maxQueueSize`; when it is full the oldest waiting span is dropped
 *   (and counted), never the process's memory;
 * - one request at a time, encoded by `@opentelemetry/otlp-transformer` (OTLP/JSON);
 * - a failed batch that may succeed later (429, 502, 503, 504, timeouts, refused connections) goes back
 *   to the front of the queue and is retried with growing pauses, or after `Retry-After`, until the
 *   backend answers; other failures drop the batch, counted;
 * - each kind of failure is one warning that names the status or error and the setting to check;
 * - `shutdown()` keeps trying until `timeoutMs`, then counts and reports what it could not send.
 * `stats()` always adds up: produced = exported + dropped + queued.
 */
export class ExportQueueProcessor implements OpenObserveSpanProcessor {
  readonly endpoint: string;
  private readonly counters = createExportCounters();
  private readonly queue: SpanQueue<ReadableSpan>;
  private readonly transport: ExportTransport;
  private readonly say: (kind: string, message: string) => void;
  private readonly write: (message: string) => void;
  private readonly redact: (text: string) => string;
  private readonly failureContext: FailureContext;
  private readonly random: () => number;
  private readonly abandon = new AbortController();
  private readonly removeExitReport: () => void;
  /** Spans in the request being sent. */
  private inFlight = 0;
  private sending: Promise<SendOutcome> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = 0;
  /** When the oldest span waiting for its first send was queued. */
  private waitingSince: number | undefined;
  private retryAt = 0;
  private consecutiveFailures = 0;
  private exportsStarted = 0;
  private lastFailure: ExportFailure | undefined;
  /** The spans started on this processor's provider (for ending only its own calls at shutdown). */
  private readonly startedHere = new WeakSet<object>();
  private state: 'running' | 'shutting-down' | 'shut-down' = 'running';
  private shutdownPromise: Promise<void> | undefined;
  private reportedUnsent = false;

  constructor(
    private readonly config: ResolvedOpenObserveConfig,
    dependencies: ExportQueueDependencies = {},
  ) {
    this.queue = new SpanQueue(config.batch.maxQueueSize);
    this.transport =
      dependencies.transport ??
      createHttpTransport({
        url: config.tracesEndpoint,
        headers: config.headers,
        compression: config.compression,
      });
    this.redact = createRedactor(config.secrets);
    this.write = dependencies.write ?? ((message) => console.warn(message));
    const warnOnce = createWarnOnce(this.write);
    this.say = (kind, message) => warnOnce(kind, this.redact(message));
    this.random = dependencies.random ?? Math.random;
    this.endpoint = withoutCredentials(config.tracesEndpoint);
    this.failureContext = {
      endpoint: this.endpoint,
      settingNames: config.settingNames,
      timeoutMs: config.timeoutMs,
      backend: config.standardEndpoint ? 'the OTLP endpoint' : 'OpenObserve',
      redact: this.redact,
    };
    const onExit = (): void => {
      this.sendQueuedAtExit();
      this.reportUnsent('the process exited');
    };
    process.once('exit', onExit);
    this.removeExitReport = () => process.removeListener('exit', onExit);
  }

  onStart(span: Span): void {
    noteSpanStart(span);
    this.startedHere.add(span);
  }

  onEnd(span: ReadableSpan): void {
    // Those waiting for it (a flush after Next.js's own request span) go on once this returns.
    noteSpanEnd(span);
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    this.counters.producedSpans += 1;
    if (this.state !== 'running') {
      this.counters.droppedSpans += 1;
      diag.warn(
        'portobserve: a span ended after shutdown() and was dropped (counted in stats().droppedSpans)',
      );
      return;
    }
    if (this.queue.length + this.inFlight >= this.config.batch.maxQueueSize) {
      // Full: the oldest waiting span makes room (or, when every place is being sent, this one).
      const droppedOldest = this.queue.shift() !== undefined;
      this.countDropped(1, 'queue-full');
      if (!droppedOldest) return;
    }
    this.queue.push(span);
    this.waitingSince ??= Date.now();
    this.schedule();
  }

  stats(): OpenObserveExportStats {
    return { ...this.counters, queuedSpans: this.queue.length + this.inFlight };
  }

  /** Sends what is queued now, one batch after another, until all is sent or the backend fails. Never rejects. */
  async forceFlush(): Promise<void> {
    if (this.state === 'shut-down') return;
    try {
      await this.drain(undefined);
    } catch (error) {
      diag.error('portobserve: forceFlush failed', error);
    }
  }

  /**
   * Ends the LLM calls still waiting to be read (see {@link endWaitingCalls}), stops taking spans and
   * keeps sending, retrying as usual, until the queue is empty or `timeoutMs`
   * has passed; what is left is counted as dropped and reported in one warning. Never rejects.
   */
  shutdown(): Promise<void> {
    this.shutdownPromise ??= this.shutDown();
    return this.shutdownPromise;
  }

  private async shutDown(): Promise<void> {
    // A response or stream the app never started reading would end on its idle timer, after this
    // shutdown, and be dropped: it ends now (`idle`) and goes in the last send. Only this provider's.
    endWaitingCalls({ inUse: false, spans: this.startedHere });
    this.state = 'shutting-down';
    const deadline = Date.now() + this.config.timeoutMs;
    const abandonTimer = setTimeout(() => this.abandon.abort(), this.config.timeoutMs);
    try {
      await this.drain(deadline);
    } catch (error) {
      diag.error('portobserve: shutdown failed', error);
    } finally {
      clearTimeout(abandonTimer);
    }
    this.state = 'shut-down';
    this.clearTimer();
    this.removeExitReport();
    const unsent = this.queue.clear().length + this.inFlight;
    this.inFlight = 0;
    if (unsent > 0) {
      this.counters.droppedSpans += unsent;
      this.write(
        this.redact(
          `[portobserve] shutdown: ${countOf(unsent, 'span')} could not be sent before its deadline (timeoutMs / OPENOBSERVE_TIMEOUT, ` +
            `${this.config.timeoutMs} ms) and were dropped. Last failure: ${this.lastFailure?.description ?? 'no answer in time.'} ${this.summary()}`,
        ),
      );
    }
    this.transport.shutdown();
  }

  /**
   * Sends the spans queued now. Without a deadline (forceFlush) it stops at the first retryable
   * failure, leaving the spans queued for the retry timer. With one (shutdown) it waits out pauses
   * between retries as long as the deadline allows.
   */
  private async drain(deadline: number | undefined): Promise<void> {
    // A flush sends what is queued when it is called, not what keeps arriving; shutdown takes no new spans.
    let budget = deadline === undefined ? this.queue.length + this.inFlight : Number.POSITIVE_INFINITY;
    for (;;) {
      while (this.sending) await this.sending;
      if (this.queue.length === 0 || budget <= 0) return;
      if (deadline !== undefined) {
        const now = Date.now();
        if (now >= deadline || this.retryAt >= deadline) return;
        if (this.retryAt > now) {
          await sleep(this.retryAt - now);
          continue;
        }
      }
      budget -= Math.min(this.queue.length, this.config.batch.maxExportBatchSize);
      const timeoutMs = deadline === undefined ? this.config.timeoutMs : Math.max(1, deadline - Date.now());
      const outcome = await this.sendBatch(timeoutMs);
      if (outcome === 'aborted') return;
      if (outcome === 'retry' && deadline === undefined) return;
    }
  }

  /** Arms the one timer for the next send: at once for a full batch, after the delay, or after a retry pause. */
  private schedule(): void {
    if (this.state === 'shut-down' || this.sending) return;
    if (this.queue.length === 0) {
      this.clearTimer();
      return;
    }
    const now = Date.now();
    let at: number;
    if (this.consecutiveFailures > 0) {
      // The front batch failed: it goes again once the pause is over, full batch or not.
      at = Math.max(this.retryAt, now);
    } else if (this.queue.length >= this.config.batch.maxExportBatchSize) {
      at = now;
    } else {
      const delay =
        this.exportsStarted === 0
          ? Math.min(FIRST_EXPORT_DELAY_MS, this.config.batch.scheduledDelayMillis)
          : this.config.batch.scheduledDelayMillis;
      at = (this.waitingSince ?? now) + delay;
    }
    if (this.timer && this.timerAt <= at) return;
    this.clearTimer();
    this.timerAt = at;
    // Off the span.end() call path, even for a full batch; never keeps the process alive.
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        if (!this.sending && this.state !== 'shut-down') void this.sendBatch(this.config.timeoutMs);
      },
      Math.max(0, at - now),
    );
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private sendBatch(timeoutMs: number): Promise<SendOutcome> {
    this.clearTimer();
    const batch = this.queue.take(this.config.batch.maxExportBatchSize);
    this.inFlight = batch.length;
    this.waitingSince = this.queue.length > 0 ? Date.now() : undefined;
    this.exportsStarted += 1;
    const sending = this.exportBatch(batch, timeoutMs)
      .catch((error: unknown) => {
        // A bug of ours, not the backend's: the batch is counted as dropped, never thrown at the app.
        diag.error('portobserve: export failed unexpectedly', error);
        this.inFlight = 0;
        this.countDropped(
          batch.length,
          'internal-error',
          `the export failed unexpectedly (${String(error)}).`,
        );
        return 'dropped' as const;
      })
      .finally(() => {
        this.sending = undefined;
        this.schedule();
      });
    this.sending = sending;
    return sending;
  }

  /** One batch as the request body: OTLP/JSON of the spans, their error texts scrubbed. */
  private encode(batch: ReadableSpan[]): Uint8Array {
    const body = JsonTraceSerializer.serializeRequest(batch.map(scrubExportedSpan));
    if (!body) throw new Error('the OTLP serializer returned nothing');
    return body;
  }

  private async exportBatch(batch: ReadableSpan[], timeoutMs: number): Promise<SendOutcome> {
    const body = this.encode(batch);
    // Like BatchSpanProcessor: the export request itself is never traced (no span about sending spans).
    const result = await context.with(suppressTracing(context.active()), () =>
      this.transport.send(body, timeoutMs, this.abandon.signal),
    );
    this.inFlight = 0;
    if (result.type === 'error' && result.code === 'ABORTED') {
      this.countDropped(this.queue.unshift(batch).length, 'queue-full');
      return 'aborted';
    }
    const outcome = classifyExportResult(result, this.failureContext);
    if (outcome.type === 'accepted') {
      this.onAccepted(batch.length, outcome.rejectedSpans, outcome.rejectionMessage, outcome.unreadableBody);
      return 'exported';
    }
    this.counters.failedExports += 1;
    this.lastFailure = outcome.failure;
    if (!outcome.failure.retryable) {
      this.counters.droppedSpans += batch.length;
      this.say(
        outcome.failure.kind,
        `${outcome.failure.description} ${batch.length} spans were dropped. ${this.furtherNotLogged(outcome.failure)}`,
      );
      return 'dropped';
    }
    this.consecutiveFailures += 1;
    const waitMs = nextRetryDelayMs(this.consecutiveFailures, outcome.failure.retryAfterMs, this.random);
    this.retryAt = Date.now() + waitMs;
    const lost = this.queue.unshift(batch, this.config.batch.maxQueueSize - this.queue.length);
    if (lost.length > 0) this.countDropped(lost.length, 'queue-full');
    const when = outcome.failure.retryAfterMs !== undefined ? ' (as its Retry-After asks)' : '';
    this.say(
      outcome.failure.kind,
      `${outcome.failure.description} The ${countOf(batch.length, 'span')} stay queued and are retried in ${seconds(waitMs)}${when}, ` +
        `then with growing pauses until it answers; spans are dropped only when the queue is full ` +
        `(batch.maxQueueSize / OTEL_BSP_MAX_QUEUE_SIZE, ${this.config.batch.maxQueueSize} spans), oldest first. ` +
        this.furtherNotLogged(outcome.failure),
    );
    return 'retry';
  }

  private onAccepted(
    count: number,
    rejected: number,
    rejectionMessage: string | undefined,
    unreadableBody: string | undefined,
  ): void {
    const rejectedSpans = Math.min(rejected, count);
    this.counters.exportedSpans += count - rejectedSpans;
    this.counters.rejectedSpans += rejectedSpans;
    this.counters.droppedSpans += rejectedSpans;
    if (this.consecutiveFailures > 0) {
      diag.info(
        `portobserve: the backend accepts spans again after ${this.consecutiveFailures} failed attempts`,
      );
    }
    this.consecutiveFailures = 0;
    this.retryAt = 0;
    const backend = this.failureContext.backend;
    if (rejectedSpans > 0) {
      this.say(
        'partial-success',
        `${backend} accepted ${count - rejectedSpans} of ${count} spans and rejected ${rejectedSpans}: "${rejectionMessage ?? 'no reason given'}" (${this.endpoint}). ` +
          'OpenObserve rejects spans whose trace or span id has the wrong length, or that started more than 5 hours ago ' +
          'or more than 24 hours ahead: check the clock of this host. Rejected spans are counted in stats().rejectedSpans; ' +
          'further partial successes are not logged.',
      );
    }
    if (unreadableBody !== undefined) {
      this.say(
        'unreadable-response',
        `${backend} answered with success but its body is not an OTLP response: "${unreadableBody}" (${this.endpoint}). ` +
          `The spans are counted as exported, but something other than OpenObserve may have answered (a proxy or a login page): ` +
          `check ${this.config.settingNames.endpoint}. Further answers like this are not logged.`,
      );
    }
  }

  private countDropped(count: number, kind: 'queue-full' | 'internal-error', detail?: string): void {
    if (count <= 0) return;
    this.counters.droppedSpans += count;
    if (kind === 'queue-full') {
      this.say(
        'queue-full',
        `the export queue is full (batch.maxQueueSize / OTEL_BSP_MAX_QUEUE_SIZE, ${this.config.batch.maxQueueSize} spans): ` +
          `${this.failureContext.backend} is not keeping up or not answering, so the oldest waiting spans are dropped ` +
          `until it does${this.lastFailure ? ` (last failure: ${this.lastFailure.description})` : ''}. Dropped spans are counted in stats().droppedSpans.`,
      );
    } else {
      this.say(kind, `${count} spans were dropped: ${detail ?? ''}`);
    }
  }

  private furtherNotLogged(failure: ExportFailure): string {
    const what = failure.kind.startsWith('http-')
      ? `${failure.kind.slice(5)} answers`
      : 'failures of this kind';
    return `Further ${what} are not logged; see stats().`;
  }

  private summary(): string {
    const { producedSpans, exportedSpans, droppedSpans } = this.stats();
    return `In all: ${countOf(producedSpans, 'span')} produced, ${exportedSpans} exported, ${droppedSpans} dropped.`;
  }

  /**
   * The process is exiting with spans still queued (`process.exit()`, an uncaught error, a framework's
   * own signal handler that exits at once): no async work runs any more, so the calls still waiting
   * to be read are ended and what is queued is sent synchronously, once, for at most
   * {@link EXIT_SEND_DEADLINE_MS} and {@link EXIT_SEND_MAX_BYTES}. Not after `shutdown()`, nor when the
   * backend's last answer was a timeout (it would only hold up the exit: the report says they are
   * lost). Spans already being sent are not sent again.
   */
  private sendQueuedAtExit(): void {
    if (this.state === 'shut-down' || !this.transport.sendAtExit) return;
    if (this.consecutiveFailures > 0 && this.lastFailure?.kind === 'timeout') return;
    endWaitingCalls({ inUse: true });
    const batches: ReadableSpan[][] = [];
    const bodies: Uint8Array[] = [];
    let bytes = 0;
    try {
      while (this.queue.length > 0 && bytes < EXIT_SEND_MAX_BYTES) {
        const batch = this.queue.take(this.config.batch.maxExportBatchSize);
        batches.push(batch);
        const body = this.encode(batch);
        bodies.push(body);
        bytes += body.byteLength;
      }
    } catch (error) {
      diag.error('portobserve: the send at exit failed unexpectedly', error);
    }
    const results =
      bodies.length > 0
        ? this.transport.sendAtExit(bodies, Math.min(this.config.timeoutMs, EXIT_SEND_DEADLINE_MS))
        : [];
    batches.forEach((batch, index) => {
      const result = results[index];
      const outcome = result && classifyExportResult(result, this.failureContext);
      if (outcome?.type === 'accepted') {
        this.onAccepted(
          batch.length,
          outcome.rejectedSpans,
          outcome.rejectionMessage,
          outcome.unreadableBody,
        );
        return;
      }
      // Not sent: the report that follows counts and names them.
      if (outcome) {
        this.counters.failedExports += 1;
        this.consecutiveFailures += 1;
        this.lastFailure = outcome.failure;
      }
      this.queue.unshift(batch, Number.POSITIVE_INFINITY);
    });
  }

  /**
   * Says how many spans are still unsent when the process ends without `shutdown()` (at exit, or on a
   * signal after the last flush), so that nothing is lost silently, and counts them as dropped, as
   * `shutdown()` counts what it could not send. Once.
   */
  reportUnsent(when: string): void {
    const unsent = this.queue.length + this.inFlight;
    if (unsent === 0 || this.state === 'shut-down' || this.reportedUnsent) return;
    this.reportedUnsent = true;
    // Lost: counted as dropped and no longer queued, so stats() still adds up.
    this.counters.droppedSpans += unsent;
    this.queue.clear();
    this.inFlight = 0;
    const backend = this.failureContext.backend;
    // While the backend refuses or cannot be reached, shutdown() would not have sent them either.
    const advice =
      this.consecutiveFailures > 0
        ? `They are lost: ${backend} was not taking spans, and awaiting shutdown() would not have sent them ` +
          `(it retries only for timeoutMs, OPENOBSERVE_TIMEOUT, ${this.config.timeoutMs} ms). Fix what the failure names.`
        : 'To send them, await shutdown() on the handle before the process ends.';
    this.write(
      this.redact(
        `[portobserve] ${when} with ${countOf(unsent, 'span')} not sent to ${backend} ` +
          `(${this.lastFailure?.description ?? 'not sent yet'}). ${advice} ${this.summary()}`,
      ),
    );
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1).replace(/\.0$/, '')} s`;
}
