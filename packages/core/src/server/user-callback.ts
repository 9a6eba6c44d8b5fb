import { diag } from '@opentelemetry/api';
import { createWarnOnce, processWideKinds } from '../openobserve/warn-once.js';

const warnOnce = createWarnOnce(undefined, processWideKinds());

/**
 * Reports a user callback of an adapter option that threw or rejected: every time through the
 * OpenTelemetry `diag` logger, and once per process on the console, naming the option.
 */
export function reportCallbackFailure(option: string, error: unknown): void {
  diag.warn(`portobserve: ${option} threw; it was skipped for this request`, error);
  const reason = error instanceof Error ? error.message : String(error);
  warnOnce(
    `callback:${option}`,
    `${option} threw (${reason}); it is skipped and the request still runs and is traced. ` +
      'Further failures go to the OpenTelemetry diag logger only.',
  );
}

/**
 * Calls a user callback of an adapter option. Telemetry never fails a request: a throw is reported
 * ({@link reportCallbackFailure}) and `fallback` returned instead.
 *
 * @example
 * ```ts
 * const ignored = callSafely('openobserveMiddleware() option `ignore`', () => isIgnored(req), false);
 * ```
 */
export function callSafely<T>(option: string, callback: () => T, fallback: T): T {
  try {
    return callback();
  } catch (error) {
    reportCallbackFailure(option, error);
    return fallback;
  }
}
