import type { OtlpValue } from './otlp-json-values.js';

/**
 * An attribute value as OpenObserve holds it between decoding and storing: every OTLP scalar is a
 * string (`get_val` in `src/core/src/ingestion/grpc.rs`), arrays keep their items (also strings),
 * and `null` stands for a value that is not stored. Numbers only appear where OpenObserve's LLM step
 * writes them (token counts, costs); objects only where it builds them (for example the
 * `{"name":…}` input of the `gen_ai.prompt` prefix).
 */
export type ServerValue = string | number | null | ServerValue[] | ServerObject;

/** An object value, flattened into `parent_child` columns when stored. */
export interface ServerObject {
  [key: string]: ServerValue;
}

/** A span's or a resource's attributes by their raw OTLP key, in the order they were sent. */
export type ServerAttributes = Map<string, ServerValue>;

/**
 * Writes a double the way Rust's `f64::to_string` does: the shortest digits that read back the
 * same, never in exponent notation (`1e-7` is `0.0000001`), `NaN`, `inf` and `-inf`.
 *
 * @example
 * ```ts
 * formatRustFloat(0.2); // '0.2'
 * formatRustFloat(1.38e-7); // '0.000000138'
 * formatRustFloat(12); // '12'
 * ```
 */
export function formatRustFloat(value: number): string {
  if (Number.isNaN(value)) {
    return 'NaN';
  }
  if (!Number.isFinite(value)) {
    return value > 0 ? 'inf' : '-inf';
  }
  if (value === 0) {
    return Object.is(value, -0) ? '-0' : '0';
  }
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  const pointAt = Number(exponentText) + 1;
  if (pointAt <= 0) {
    return `${sign}0.${'0'.repeat(-pointAt)}${digits}`;
  }
  if (pointAt >= digits.length) {
    return `${sign}${digits}${'0'.repeat(pointAt - digits.length)}`;
  }
  return `${sign}${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
}

/**
 * Converts a decoded OTLP value the way OpenObserve's `get_val` does: strings stay, booleans,
 * integers and doubles become their text, arrays keep their (converted) items.
 *
 * @example
 * ```ts
 * toServerValue(12n); // '12'
 * toServerValue([1n, true]); // ['1', 'true']
 * ```
 */
export function toServerValue(value: OtlpValue): ServerValue {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  if (typeof value === 'number') {
    return formatRustFloat(value);
  }
  return value.map(toServerValue);
}

/**
 * The string inside a value, or `undefined` when it is not a string (Rust's `as_str`).
 *
 * @example
 * ```ts
 * stringAt(new Map([['a', 'x']]), 'a'); // 'x'
 * stringAt(new Map([['a', ['x']]]), 'a'); // undefined
 * ```
 */
export function stringAt(attributes: ReadonlyMap<string, ServerValue>, key: string): string | undefined {
  const value = attributes.get(key);
  return typeof value === 'string' ? value : undefined;
}

/**
 * True for an object value (not an array, not null).
 *
 * @example
 * ```ts
 * isServerObject({ a: '1' }); // true
 * ```
 */
export function isServerObject(value: ServerValue | undefined): value is ServerObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A new object value without a prototype, so any key (even `__proto__`) is an ordinary key.
 *
 * @example
 * ```ts
 * const message = newServerObject();
 * message.role = 'user';
 * ```
 */
export function newServerObject(): ServerObject {
  return Object.create(null) as ServerObject;
}
