import { diag } from '@opentelemetry/api';

/**
 * When the app's own signal handler is still running after this long, its shutdown is a slow one
 * (draining requests): what is queued is sent then. One that exits sooner leaves it to the exit send.
 */
export const APP_SIGNAL_HANDLER_GRACE_MS = 1000;

/**
 * Flushes pending spans when the process ends normally (`beforeExit`) or on SIGTERM/SIGINT, without
 * changing how the app exits: when the app has no handler of its own for the signal, the signal is
 * raised again after the flush so the process ends exactly as it would have, and `reportUnsent` says
 * first what could not be sent. When it has one, that handler stays in charge, and what is queued is
 * sent with `flushQueued` only if the process still runs {@link APP_SIGNAL_HANDLER_GRACE_MS} later: a
 * handler that exits at once (as Next.js's does) would cut an export in flight short, while what is
 * still queued when the process exits goes in the export queue's exit send. Returns a function that
 * removes the hooks.
 */
export function flushOnExit(
  flush: () => Promise<void>,
  deadlineMs: number,
  reportUnsent: (when: string) => void = () => {},
  flushQueued: () => Promise<void> = flush,
): () => void {
  let flushedSinceLastBeforeExit = false;

  const onBeforeExit = (): void => {
    // Flushing schedules work, which fires beforeExit again once it is done: flush once per quiet period.
    if (flushedSinceLastBeforeExit) {
      flushedSinceLastBeforeExit = false;
      return;
    }
    flushedSinceLastBeforeExit = true;
    void withDeadline(flush(), deadlineMs);
  };

  const onSignal = (signal: NodeJS.Signals): void => {
    if (process.listenerCount(signal) > 1) {
      setTimeout(() => void withDeadline(flushQueued(), deadlineMs), APP_SIGNAL_HANDLER_GRACE_MS).unref();
      return;
    }
    void withDeadline(flush(), deadlineMs).then(() => {
      remove();
      // The process dies of the signal next, without an exit event: say now what could not be sent.
      reportUnsent(`the process ends on ${signal}`);
      process.kill(process.pid, signal);
    });
  };

  process.on('beforeExit', onBeforeExit);
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  function remove(): void {
    process.removeListener('beforeExit', onBeforeExit);
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('SIGINT', onSignal);
  }
  return remove;
}

function withDeadline(work: Promise<void>, deadlineMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, deadlineMs);
    timer.unref();
    work.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error: unknown) => {
        clearTimeout(timer);
        diag.warn('portobserve: the flush at exit failed', error);
        resolve();
      },
    );
  });
}
