/**
 * Base class of every error portobserve throws on purpose. `code` is stable and safe to branch on.
 *
 * @example
 * ```ts
 * try {
 *   openobserveInit();
 * } catch (error) {
 *   if (error instanceof PortObserveError) console.error(error.code, error.message);
 * }
 * ```
 */
export class PortObserveError extends Error {
  /** A stable, machine-readable code such as `MISSING_AUTH_TOKEN`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PortObserveError';
    this.code = code;
  }
}

/**
 * The codes an {@link OpenObserveConfigError} can carry.
 *
 * @example
 * ```ts
 * if (error instanceof OpenObserveConfigError && error.code === 'MISSING_AUTH_TOKEN') process.exit(1);
 * ```
 */
export type OpenObserveConfigErrorCode =
  | 'MISSING_AUTH_TOKEN'
  | 'INVALID_URL'
  | 'EMPTY_ORG'
  | 'INVALID_TIMEOUT'
  | 'INVALID_ENABLED'
  | 'INVALID_BATCH_SETTING'
  | 'INVALID_STREAM_NAME'
  | 'UNSUPPORTED_PROTOCOL'
  | 'INVALID_CAPTURE_CONTENT'
  | 'INVALID_CONTENT_FORMAT'
  | 'INVALID_OPENINFERENCE_ATTRIBUTES'
  | 'INVALID_GATEWAY_URL'
  | 'INVALID_COMPRESSION'
  | 'INVALID_HEADERS'
  | 'INVALID_STRICT'
  | 'INVALID_METRICS';

/**
 * A bad OpenObserve setting. The message names the option and its environment variable, and says how
 * to fix it.
 *
 * @example
 * ```ts
 * try {
 *   openobserveInit({ url: 'localhost:5080' });
 * } catch (error) {
 *   if (error instanceof OpenObserveConfigError && error.code === 'INVALID_URL') {
 *     // "OpenObserve URL must start with http:// or https:// ..."
 *   }
 * }
 * ```
 */
export class OpenObserveConfigError extends PortObserveError {
  declare readonly code: OpenObserveConfigErrorCode;

  constructor(code: OpenObserveConfigErrorCode, message: string) {
    super(code, message);
    this.name = 'OpenObserveConfigError';
  }
}
