import type { ChildProcess } from 'node:child_process';

/** Everything a child process printed, stdout and stderr interleaved as they arrived. */
export interface CapturedOutput {
  text(): string;
  /** Complete lines so far (a last line without a newline included), empty lines left out. */
  lines(): string[];
  /** Resolves with the first line matching `pattern`; rejects after `timeoutMs` or when the child exits first. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

/**
 * Collects what a child process prints (spawn it with `stdio: ['ignore', 'pipe', 'pipe']` or
 * `'pipe'`), for assertions on its log lines and for secret scans.
 *
 * @example
 * ```ts
 * const child = spawn(process.execPath, ['app.mjs'], { stdio: ['ignore', 'pipe', 'pipe'] });
 * const output = captureOutput(child);
 * await output.waitForLine(/ready/);
 * expectNoSecrets({ output: output.text() }, [token]);
 * ```
 */
export function captureOutput(child: ChildProcess): CapturedOutput {
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer | string): void => {
    text += String(chunk);
    for (const listener of [...listeners]) listener();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const lines = (): string[] => text.split(/\r?\n/).filter((line) => line.length > 0);

  return {
    text: () => text,
    lines,
    waitForLine(pattern, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const line = lines().find((candidate) => pattern.test(candidate));
          if (line === undefined) return false;
          done();
          resolve(line);
          return true;
        };
        const onExit = (): void => {
          // Output may still be in the pipes when the exit event fires.
          setImmediate(() => {
            if (check()) return;
            done();
            reject(new Error(`the child exited before printing ${pattern}:\n${text}`));
          });
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no line matched ${pattern} within ${timeoutMs} ms:\n${text}`));
        }, timeoutMs);
        const listener = (): void => void check();
        const done = (): void => {
          clearTimeout(timer);
          listeners.delete(listener);
          child.off('exit', onExit);
        };
        if (check()) return;
        listeners.add(listener);
        if (child.exitCode !== null || child.signalCode !== null) onExit();
        else child.once('exit', onExit);
      });
    },
  };
}
