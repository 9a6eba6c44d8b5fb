import { randomBytes } from 'node:crypto';

/**
 * A random OpenAI-looking id such as `chatcmpl-3f9a...` or `call_...`.
 *
 * @example
 * ```ts
 * randomId('chatcmpl-'); // 'chatcmpl-3f9a0c...'
 * ```
 */
export function randomId(prefix: string, bytes = 12): string {
  return `${prefix}${randomBytes(bytes).toString('hex')}`;
}

/**
 * Unix time in seconds, as OpenAI's `created` fields.
 *
 * @example
 * ```ts
 * const created = unixSeconds();
 * ```
 */
export function unixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
