/**
 * Number parsing as OpenObserve's Rust code does it (`str::parse`), which is stricter than
 * `Number()`: no whitespace, no hex, no empty string, integers without a fraction.
 */

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
const RUST_INTEGER = /^[+-]?\d+$/u;
const RUST_UNSIGNED = /^\+?\d+$/u;
const RUST_FLOAT = /^[+-]?(?:inf|infinity|nan|(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)$/iu;

/**
 * `text.parse::<i64>()`: an optional sign and digits, inside the i64 range; otherwise `undefined`.
 *
 * @example
 * ```ts
 * parseRustI64('12'); // 12
 * parseRustI64('12.0'); // undefined
 * ```
 */
export function parseRustI64(text: string): number | undefined {
  if (!RUST_INTEGER.test(text)) {
    return undefined;
  }
  const value = BigInt(text);
  return value < INT64_MIN || value > INT64_MAX ? undefined : Number(value);
}

/**
 * `text.parse::<usize>()` on a 64-bit machine: an optional `+` and digits; otherwise `undefined`.
 *
 * @example
 * ```ts
 * parseRustUsize('0'); // 0
 * parseRustUsize('-1'); // undefined
 * ```
 */
export function parseRustUsize(text: string): number | undefined {
  if (!RUST_UNSIGNED.test(text)) {
    return undefined;
  }
  const value = BigInt(text);
  return value > UINT64_MAX ? undefined : Number(value);
}

/**
 * `text.parse::<f64>()`: decimal or exponent notation, `inf`, `infinity`, `nan` (any case), with an
 * optional sign; otherwise `undefined`.
 *
 * @example
 * ```ts
 * parseRustF64('0.0005'); // 0.0005
 * parseRustF64('1e-3'); // 0.001
 * parseRustF64(' 1'); // undefined
 * ```
 */
export function parseRustF64(text: string): number | undefined {
  if (!RUST_FLOAT.test(text)) {
    return undefined;
  }
  const unsigned = text.replace(/^[+-]/u, '').toLowerCase();
  const negative = text.startsWith('-');
  if (unsigned === 'nan') {
    return Number.NaN;
  }
  if (unsigned === 'inf' || unsigned === 'infinity') {
    return negative ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  return Number(text);
}
