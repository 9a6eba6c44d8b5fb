import { PortObserveError } from '../errors.js';

/** The codes a {@link CliError} can carry. */
export type CliErrorCode =
  | 'USAGE'
  | 'MISSING_AUTH_TOKEN'
  | 'INVALID_THRESHOLD'
  | 'INVALID_ALERT_DESTINATION'
  | 'ENV_FILE'
  | 'OPENOBSERVE_UNREACHABLE'
  | 'OPENOBSERVE_UNAUTHORIZED'
  | 'OPENOBSERVE_NOT_FOUND'
  | 'OPENOBSERVE_REFUSED'
  | 'ALERT_DESTINATION_NOT_FOUND';

/**
 * What `npx portobserve` reports as a one-line error and exit code 1. The message names the setting
 * or flag and says how to fix it.
 *
 * @example
 * ```ts
 * throw new CliError('USAGE', 'unknown command "instal": run npx portobserve --help');
 * ```
 */
export class CliError extends PortObserveError {
  declare readonly code: CliErrorCode;

  constructor(code: CliErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'CliError';
  }
}
