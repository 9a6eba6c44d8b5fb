import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RecordedUpstreamRequest } from './types.js';

/**
 * One request/response pair in flight. Tracks whether the client went away (sets the recorded
 * request's `aborted` flag live) and lets the server end it abruptly without counting as an abort.
 */
export class Exchange {
  private readonly controller = new AbortController();
  private endedByServer = false;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly record: RecordedUpstreamRequest,
  ) {
    res.on('close', () => {
      if (!res.writableFinished && !this.endedByServer) record.aborted = true;
      this.controller.abort();
    });
  }

  /** Aborted once the connection closed, whoever closed it. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get active(): boolean {
    return !this.controller.signal.aborted;
  }

  /** End the exchange abruptly from the server side (mid-stream failure, reset, close). */
  destroy(): void {
    if (!this.active) return;
    this.endedByServer = true;
    this.controller.abort();
    this.res.destroy();
  }

  /** Wait `ms`; resolves `false` early when the exchange ends meanwhile. */
  sleep(ms: number): Promise<boolean> {
    if (!this.active) return Promise.resolve(false);
    if (ms <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.signal.removeEventListener('abort', onAbort);
        resolve(this.active);
      }, ms);
      this.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Write a chunk and wait until it was handed to the socket; `false` when the exchange ended. */
  write(chunk: string): Promise<boolean> {
    if (!this.active) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = (): void => resolve(false);
      this.signal.addEventListener('abort', onAbort, { once: true });
      this.res.write(chunk, (error) => {
        this.signal.removeEventListener('abort', onAbort);
        resolve(error == null && this.active);
      });
    });
  }
}
