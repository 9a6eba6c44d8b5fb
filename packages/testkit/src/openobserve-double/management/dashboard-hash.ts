import { createHash } from 'node:crypto';

/**
 * The content hash OpenObserve keeps per dashboard and checks on update (a `u64` in decimal; the
 * server hashes the v8 struct, the double hashes its JSON). It changes whenever the content does.
 *
 * @example
 * ```ts
 * dashboardHash({ title: 'a' }) === dashboardHash({ title: 'a' }); // true
 * ```
 */
export function dashboardHash(v8: Record<string, unknown>): string {
  const digest = createHash('sha256').update(JSON.stringify(v8)).digest();
  return digest.readBigUInt64BE(0).toString();
}

/**
 * Reads the `hash` query parameter as the server does (`str::parse::<u64>`).
 *
 * @example
 * ```ts
 * parseHash('123'); // 123n
 * parseHash('-1'); // undefined
 * ```
 */
export function parseHash(text: string | null): bigint | undefined {
  if (text === null || !/^\+?[0-9]+$/.test(text)) return undefined;
  const value = BigInt(text);
  return value <= 0xffff_ffff_ffff_ffffn ? value : undefined;
}
