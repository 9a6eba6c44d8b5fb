import { PortObserveError } from '@portobserve/core';

/**
 * The codes a {@link PortkeyConfigError} can carry.
 *
 * @example
 * ```ts
 * if (error instanceof PortkeyConfigError && error.code === 'MISSING_ROUTING') console.error(error.message);
 * ```
 */
export type PortkeyConfigErrorCode =
  | 'MISSING_ROUTING'
  | 'CONFLICTING_ROUTING'
  | 'INVALID_CONFIG'
  | 'INVALID_METADATA'
  | 'INVALID_BASE_URL'
  | 'MISSING_API_KEY'
  | 'INVALID_OPTION';

/**
 * A bad Portkey setting. The message names the option (and its environment variable) and the fix.
 *
 * @example
 * ```ts
 * try {
 *   createPortkeyClient({ provider: 'openai', virtualKey: 'vk-1' });
 * } catch (error) {
 *   if (error instanceof PortkeyConfigError) console.error(error.code); // CONFLICTING_ROUTING
 * }
 * ```
 */
export class PortkeyConfigError extends PortObserveError {
  declare readonly code: PortkeyConfigErrorCode;

  constructor(code: PortkeyConfigErrorCode, message: string) {
    super(code, message);
    this.name = 'PortkeyConfigError';
  }
}
