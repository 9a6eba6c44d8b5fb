import { diag } from '@opentelemetry/api';
import { OpenObserveConfigError } from '../errors.js';
import type { OpenObserveOptions } from './openobserve-options.js';
import { createRedactor } from './redact-secrets.js';
import { isOpenObserveStrict } from './resolve-openobserve-config.js';
import { createWarnOnce, processWideKinds } from './warn-once.js';

/**
 * What a failed setup turns off, which decides what its message says: the span export, the metrics
 * export, or (for `instrumentOpenAI`'s settings) the recording of LLM content.
 */
export type SetupSubject = 'traces' | 'metrics' | 'instrumentation';

/**
 * Runs a setup (of the export, or of the instrumentation's settings). When it throws and strict mode is
 * off (the default), the error is logged once per process, naming the setting and the fix, with
 * anything credential-like redacted, and `fallback` is returned: a bad setting never takes the app
 * down. With `strict: true` or `OPENOBSERVE_STRICT=true` the error is thrown, for scripts and CI that
 * want to fail fast.
 *
 * @example
 * ```ts
 * const reader = setUpOrFallBack(
 *   options,
 *   () => createMetricReader(config, resolveMetricsConfig(options, config)),
 *   (error) => new DisabledMetricReader(error),
 *   'metrics',
 * );
 * ```
 */
export function setUpOrFallBack<T>(
  options: Pick<OpenObserveOptions, 'strict'>,
  setUp: () => T,
  fallback: (error: OpenObserveConfigError | Error) => T,
  subject: SetupSubject = 'traces',
): T {
  try {
    return setUp();
  } catch (error) {
    if (isOpenObserveStrict(options)) throw error;
    const failure = error instanceof Error ? error : new Error(String(error));
    reportSetupFailure(failure, subject);
    return fallback(failure);
  }
}

const logErrorOnce = createWarnOnce((message) => console.error(message), processWideKinds());
// Option values may be printed in messages: no credential-looking text goes out with them.
const redact = createRedactor([]);

function reportSetupFailure(error: Error, subject: SetupSubject): void {
  const message = failureMessage(error, subject);
  logErrorOnce(`setup:${message}`, redact(message));
  diag.debug(`portobserve: ${subject} setup failed: ${redact(String(error.stack ?? error))}`);
}

function failureMessage(error: Error, subject: SetupSubject): string {
  if (subject === 'instrumentation') {
    return `instrumentOpenAI: ${error.message} LLM calls are traced without their content until this is fixed; set OPENOBSERVE_STRICT=true to make it an error.`;
  }
  const what = subject === 'metrics' ? 'OpenObserve metrics export is off' : 'OpenObserve export is off';
  return error instanceof OpenObserveConfigError
    ? `${what}: ${error.message} The app runs without sending ${subject}; set OPENOBSERVE_STRICT=true (or strict: true) to make this an error.`
    : `${what}: it could not be set up (${error.message}). The app runs without sending ${subject}.`;
}
