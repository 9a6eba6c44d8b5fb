/** First pause after a failed export. */
export const INITIAL_RETRY_DELAY_MS = 1000;
/** Longest pause between two attempts while the backend keeps failing. */
export const MAX_RETRY_DELAY_MS = 30_000;
/** Shortest pause, even when `Retry-After` says 0: no tight loop against a failing backend. */
const MIN_RETRY_DELAY_MS = 250;
const JITTER = 0.2;

/**
 * The pause before the next attempt after `failures` failed ones in a row: the backend's `Retry-After`
 * when it sent one, else 1 s doubling up to 30 s, ±20 % so that many processes do not retry in step.
 *
 * @example
 * ```ts
 * nextRetryDelayMs(1, undefined); // about 1000
 * nextRetryDelayMs(3, undefined); // about 4000
 * nextRetryDelayMs(1, 7000); // 7000
 * ```
 */
export function nextRetryDelayMs(
  failures: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.max(retryAfterMs, MIN_RETRY_DELAY_MS);
  const base = Math.min(INITIAL_RETRY_DELAY_MS * 2 ** Math.max(0, failures - 1), MAX_RETRY_DELAY_MS);
  return Math.round(base * (1 + (random() * 2 - 1) * JITTER));
}
