import { diag } from '@opentelemetry/api';

/**
 * Flushes pending spans when the process ends normally (`beforeExit`) or on SIGTERM/SIGINT, without
 * changing how the app exits: when the app has no handler of its own for the signal, the signal is
 * raised again after the flush so the process ends exactly as it would have; when it has one, that
 * handler stays in charge and nothing is flushed here (a handler that exits at once, as Next.js's
 * does, would cut an export in flight short; what is still queued when the process exits is sent by
 * the export queue's exit send instead). Before the signal is raised again, `reportUnsent` says what
 * could not be sent. Returns a function that removes the hooks.
 */
export function flushOnExit(
  flush: () => Promise<void>,
  deadlineMs: number,
  reportUnsent: (when: string) => void = () => {},
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
    if (process.listenerCount(signal) > 1) return;
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
