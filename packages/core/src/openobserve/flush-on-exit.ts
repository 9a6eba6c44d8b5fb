import { diag } from '@opentelemetry/api';

/**
 * Flushes pending spans when the process ends normally (`beforeExit`) or on SIGTERM/SIGINT, without
 * changing how the app exits: when the app has no handler of its own for the signal, the signal is
 * raised again after the flush so the process ends exactly as it would have; when it has one, that
 * handler stays in charge. Before the signal is raised again, `reportUnsent` says what could not be
 * sent. `flush(true)` when the process is ending for sure (the event loop is empty, or the signal is
 * raised again next), `flush(false)` when the app's own signal handler decides. Returns a function
 * that removes the hooks.
 */
export function flushOnExit(
  flush: (processEnding: boolean) => Promise<void>,
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
    void withDeadline(flush(true), deadlineMs);
  };

  const onSignal = (signal: NodeJS.Signals): void => {
    const appHandlesSignal = process.listenerCount(signal) > 1;
    void withDeadline(flush(!appHandlesSignal), deadlineMs).then(() => {
      if (appHandlesSignal) return;
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
