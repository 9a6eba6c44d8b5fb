import { diag } from '@opentelemetry/api';
import { OpenObserveConfigError } from '../errors.js';
import type { OpenObserveOptions } from './openobserve-options.js';
import { createRedactor } from './redact-secrets.js';
import { isOpenObserveStrict } from './resolve-openobserve-config.js';
import { createWarnOnce, processWideKinds } from './warn-once.js';

/**
 * Runs the setup of the export. When it throws and strict mode is off (the default), the error is
 * logged once per process, naming the setting and the fix, and `fallback` (export off) is returned:
 * a bad setting never takes the app down. With `strict: true` or `OPENOBSERVE_STRICT=true` the error
 * is thrown, for scripts and CI that want to fail fast.
 */
export function setUpOrFallBack<T>(
  options: OpenObserveOptions,
  setUp: () => T,
  fallback: (error: OpenObserveConfigError | Error) => T,
  signal: 'traces' | 'metrics' = 'traces',
): T {
  try {
    return setUp();
  } catch (error) {
    if (isOpenObserveStrict(options)) throw error;
    const failure = error instanceof Error ? error : new Error(String(error));
    reportSetupFailure(failure, signal);
    return fallback(failure);
  }
}

const logErrorOnce = createWarnOnce((message) => console.error(message), processWideKinds());
// Option values may be printed in messages: no credential-looking text goes out with them.
const redact = createRedactor([]);

function reportSetupFailure(error: Error, signal: 'traces' | 'metrics'): void {
  const what = signal === 'metrics' ? 'OpenObserve metrics export is off' : 'OpenObserve export is off';
  const message =
    error instanceof OpenObserveConfigError
      ? `${what}: ${error.message} The app runs without sending ${signal}; set OPENOBSERVE_STRICT=true (or strict: true) to make this an error.`
      : `${what}: it could not be set up (${error.message}). The app runs without sending ${signal}.`;
  logErrorOnce(`setup:${message}`, redact(message));
  diag.debug(`portobserve: OpenObserve export setup failed: ${redact(String(error.stack ?? error))}`);
}
