import { randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const KSUID_EPOCH_SECONDS = 1_400_000_000;
let lastSnowflake = 0n;

/**
 * A KSUID (27 base62 characters: 4 bytes of time, 16 random), the id OpenObserve gives alerts.
 *
 * @example
 * ```ts
 * newKsuid(); // '2kXAmP3q8Vn1b2c3d4e5f6g7h8i'
 * ```
 */
export function newKsuid(): string {
  const bytes = Buffer.alloc(20);
  bytes.writeUInt32BE(Math.floor(Date.now() / 1000) - KSUID_EPOCH_SECONDS, 0);
  randomBytes(16).copy(bytes, 4);
  let value = BigInt(`0x${bytes.toString('hex')}`);
  let out = '';
  while (value > 0n) {
    out = BASE62[Number(value % 62n)] + out;
    value /= 62n;
  }
  return out.padStart(27, '0');
}

/**
 * Whether a path segment parses as a KSUID (`Ksuid::from_str`): 27 base62 characters.
 *
 * @example
 * ```ts
 * isKsuid(newKsuid()); // true
 * isKsuid('42'); // false
 * ```
 */
export function isKsuid(text: string): boolean {
  return /^[0-9A-Za-z]{27}$/.test(text);
}

/**
 * A snowflake-style decimal id, like `ider::generate()` gives dashboards and folders.
 *
 * @example
 * ```ts
 * newSnowflakeId(); // '7364019428710301696'
 * ```
 */
export function newSnowflakeId(): string {
  let next = BigInt(Date.now() - 1_288_834_974_657) << 22n;
  if (next <= lastSnowflake) next = lastSnowflake + 1n;
  lastSnowflake = next;
  return next.toString();
}
