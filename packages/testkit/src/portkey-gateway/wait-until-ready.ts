/** Why waiting stopped early: the process is gone. */
export interface ReadyWaitOptions {
  url: string;
  timeoutMs: number;
  /** A reason to give up right away (e.g. the process exited), or `undefined` to keep polling. */
  failure: () => string | undefined;
  intervalMs?: number;
}

/**
 * Poll `GET url` until it answers 200. Rejects with the failure reason, or on timeout.
 *
 * @example
 * ```ts
 * await waitUntilReady({ url: 'http://127.0.0.1:8787/', timeoutMs: 30_000, failure: () => undefined });
 * ```
 */
export async function waitUntilReady(options: ReadyWaitOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError = 'no answer yet';
  for (;;) {
    const failure = options.failure();
    if (failure !== undefined) throw new Error(failure);
    try {
      const response = await fetch(options.url, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
      lastError = `GET ${options.url} answered ${response.status}`;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= deadline) {
      throw new Error(`not ready after ${options.timeoutMs} ms (${lastError})`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}
