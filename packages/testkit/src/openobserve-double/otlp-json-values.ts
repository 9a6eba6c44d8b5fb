/**
 * Strict readers for the OTLP/JSON encoding: each reader either returns the decoded value or throws
 * an {@link OtlpJsonError} naming the JSON path, which the server turns into `400 Invalid json: ...`.
 */

/** A structural error in an OTLP/JSON body (wrong type, bad number, bad enum). */
export class OtlpJsonError extends Error {
  constructor(path: string, problem: string) {
    super(`${path}: ${problem}`);
    this.name = 'OtlpJsonError';
  }
}

/**
 * A decoded OTLP `AnyValue`, integers kept exact as `bigint`. Only what an OpenTelemetry JS span
 * attribute can be: a scalar or an array (key-value lists and bytes are refused, see
 * {@link readAnyValue}).
 */
export type OtlpValue = string | boolean | number | bigint | OtlpValue[];

/** One decoded OTLP `KeyValue`; `value` is `undefined` for an empty `AnyValue`. */
export interface OtlpAttribute {
  key: string;
  value: OtlpValue | undefined;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/**
 * True for a plain JSON object (not an array, not null).
 *
 * @example
 * ```ts
 * isJsonObject({}); // true
 * isJsonObject([]); // false
 * ```
 */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a field that must be a JSON object when present; `null` counts as absent.
 *
 * @example
 * ```ts
 * readObject({ a: 1 }, 'resource'); // { a: 1 }
 * readObject(null, 'resource'); // undefined
 * ```
 */
export function readObject(value: unknown, path: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (!isJsonObject(value)) {
    throw new OtlpJsonError(path, 'expected an object');
  }
  return value;
}

/**
 * Reads a field that must be a JSON array when present; absent or `null` gives `[]`.
 *
 * @example
 * ```ts
 * readArray([1, 2], 'spans'); // [1, 2]
 * readArray(undefined, 'spans'); // []
 * ```
 */
export function readArray(value: unknown, path: string): unknown[] {
  if (value === undefined || value === null) {
    return [];
  }
  if (!Array.isArray(value)) {
    throw new OtlpJsonError(path, 'expected an array');
  }
  return value;
}

/**
 * Reads a field that must be a string when present; absent or `null` gives `''`.
 *
 * @example
 * ```ts
 * readString('chat', 'name'); // 'chat'
 * readString(undefined, 'name'); // ''
 * ```
 */
export function readString(value: unknown, path: string): string {
  if (value === undefined || value === null) {
    return '';
  }
  if (typeof value !== 'string') {
    throw new OtlpJsonError(path, 'expected a string');
  }
  return value;
}

function readInteger(value: unknown, path: string, min: bigint, max: bigint): bigint {
  let result: bigint;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) {
      throw new OtlpJsonError(path, `expected an integer, got ${value}`);
    }
    result = BigInt(value);
  } else if (typeof value === 'string' && /^-?\d+$/u.test(value)) {
    result = BigInt(value);
  } else {
    throw new OtlpJsonError(
      path,
      `expected an integer (number or decimal string), got ${JSON.stringify(value)}`,
    );
  }
  if (result < min || result > max) {
    throw new OtlpJsonError(path, `integer ${result} out of range`);
  }
  return result;
}

/**
 * Reads a `fixed64` nanosecond timestamp given as a decimal string or a number; absent gives `0n`.
 *
 * @example
 * ```ts
 * readUnixNano('1700000000000000000', 'startTimeUnixNano'); // 1700000000000000000n
 * readUnixNano(undefined, 'startTimeUnixNano'); // 0n
 * ```
 */
export function readUnixNano(value: unknown, path: string): bigint {
  if (value === undefined || value === null) {
    return 0n;
  }
  return readInteger(value, path, 0n, UINT64_MAX);
}

/**
 * Reads an OTLP enum, which OTLP/JSON encodes as its number (`kind: 3`), from 0 to `count - 1`;
 * absent gives 0. Enum names (`SPAN_KIND_CLIENT`) are not OTLP/JSON and are refused.
 *
 * @example
 * ```ts
 * readEnum(3, 'kind', 6); // 3
 * readEnum(undefined, 'status.code', 3); // 0
 * ```
 */
export function readEnum(value: unknown, path: string, count: number): number {
  if (value === undefined || value === null) {
    return 0;
  }
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < count) {
    return value;
  }
  throw new OtlpJsonError(
    path,
    `expected an enum number from 0 to ${count - 1}, got ${JSON.stringify(value)}`,
  );
}

function readDouble(value: unknown, path: string): number {
  if (typeof value === 'number') {
    return value;
  }
  throw new OtlpJsonError(path, `expected a number, got ${JSON.stringify(value)}`);
}

/**
 * Reads an OTLP `AnyValue` object. An empty object (or `null`) gives `undefined`; a `kvlistValue`
 * or `bytesValue` is refused (400), as nothing we send has one.
 *
 * @example
 * ```ts
 * readAnyValue({ intValue: '42' }, 'value'); // 42n
 * readAnyValue({ arrayValue: { values: [{ stringValue: 'a' }] } }, 'value'); // ['a']
 * ```
 */
export function readAnyValue(value: unknown, path: string): OtlpValue | undefined {
  const object = readObject(value, path);
  if (object === undefined) {
    return undefined;
  }
  if (object.stringValue !== undefined && object.stringValue !== null) {
    return readString(object.stringValue, `${path}.stringValue`);
  }
  if (object.boolValue !== undefined && object.boolValue !== null) {
    if (typeof object.boolValue !== 'boolean') {
      throw new OtlpJsonError(`${path}.boolValue`, 'expected a boolean');
    }
    return object.boolValue;
  }
  if (object.intValue !== undefined && object.intValue !== null) {
    return readInteger(object.intValue, `${path}.intValue`, INT64_MIN, INT64_MAX);
  }
  if (object.doubleValue !== undefined && object.doubleValue !== null) {
    return readDouble(object.doubleValue, `${path}.doubleValue`);
  }
  if (object.arrayValue !== undefined && object.arrayValue !== null) {
    const arrayPath = `${path}.arrayValue`;
    const values = readArray(readObject(object.arrayValue, arrayPath)?.values, `${arrayPath}.values`);
    return values.flatMap((item, index) => {
      const decoded = readAnyValue(item, `${arrayPath}.values[${index}]`);
      return decoded === undefined ? [] : [decoded];
    });
  }
  for (const field of ['kvlistValue', 'bytesValue']) {
    if (object[field] !== undefined && object[field] !== null) {
      throw new OtlpJsonError(
        `${path}.${field}`,
        'not decoded by the test double (an OpenTelemetry JS attribute is never a key-value list or bytes)',
      );
    }
  }
  return undefined;
}

/**
 * Reads an OTLP `KeyValue[]` list (`[{ key, value: AnyValue }]`); absent gives `[]`.
 *
 * @example
 * ```ts
 * readAttributes([{ key: 'a', value: { boolValue: true } }], 'attributes'); // [{ key: 'a', value: true }]
 * ```
 */
export function readAttributes(value: unknown, path: string): OtlpAttribute[] {
  return readArray(value, path).map((item, index) => {
    const itemPath = `${path}[${index}]`;
    const entry = readObject(item, itemPath);
    if (entry === undefined) {
      throw new OtlpJsonError(itemPath, 'expected a {key, value} object');
    }
    return {
      key: readString(entry.key, `${itemPath}.key`),
      value: readAnyValue(entry.value, `${itemPath}.value`),
    };
  });
}

/**
 * Writes a decoded value as JSON text, integers exact (used for the `events` and `links` columns).
 *
 * @example
 * ```ts
 * toJsonText(['a', 1n, true]); // '["a",1,true]'
 * ```
 */
export function toJsonText(value: OtlpValue): string {
  if (typeof value === 'bigint') {
    return value.toString();
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? JSON.stringify(value) : 'null';
  }
  if (typeof value === 'string' || typeof value === 'boolean') {
    return JSON.stringify(value);
  }
  return `[${value.map(toJsonText).join(',')}]`;
}

/**
 * Turns a decoded value into a column value (for the `events` and `links` columns): a string for
 * every value (arrays as JSON text, booleans as `true`/`false`, numbers as decimal text), except when `numeric` is set (the
 * `gen_ai_usage_*` columns), where numbers and numeric strings become numbers.
 *
 * @example
 * ```ts
 * toColumnValue(true, false); // 'true'
 * toColumnValue(12n, true); // 12
 * ```
 */
export function toColumnValue(value: OtlpValue, numeric: boolean): string | number {
  if (numeric) {
    if (typeof value === 'bigint' || typeof value === 'number') {
      return Number(value);
    }
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
      return Number(value);
    }
  }
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'boolean' || typeof value === 'bigint' || typeof value === 'number') {
    return String(value);
  }
  return toJsonText(value);
}
