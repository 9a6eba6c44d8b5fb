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

/** A decoded OTLP `AnyValue`, integers kept exact as `bigint`. */
export type OtlpValue = string | boolean | number | bigint | OtlpValue[] | { [key: string]: OtlpValue };

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
 * Reads an OTLP enum given as its number or as its name (e.g. `SPAN_KIND_CLIENT`); absent gives 0.
 *
 * @example
 * ```ts
 * readEnum('SPAN_KIND_CLIENT', 'kind', ['SPAN_KIND_UNSPECIFIED', 'SPAN_KIND_INTERNAL', 'SPAN_KIND_SERVER', 'SPAN_KIND_CLIENT']); // 3
 * ```
 */
export function readEnum(value: unknown, path: string, names: readonly string[]): number {
  if (value === undefined || value === null) {
    return 0;
  }
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < names.length) {
    return value;
  }
  if (typeof value === 'string') {
    const index = names.indexOf(value);
    if (index >= 0) {
      return index;
    }
  }
  throw new OtlpJsonError(
    path,
    `expected one of ${names.join(', ')} or its number, got ${JSON.stringify(value)}`,
  );
}

function readDouble(value: unknown, path: string): number {
  if (typeof value === 'number') {
    return value;
  }
  if (value === 'NaN') {
    return Number.NaN;
  }
  if (value === 'Infinity') {
    return Number.POSITIVE_INFINITY;
  }
  if (value === '-Infinity') {
    return Number.NEGATIVE_INFINITY;
  }
  if (typeof value === 'string' && /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/u.test(value)) {
    return Number(value);
  }
  throw new OtlpJsonError(path, `expected a number, got ${JSON.stringify(value)}`);
}

/**
 * Reads an OTLP `AnyValue` object. An empty object (or `null`) gives `undefined`.
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
  if (object.kvlistValue !== undefined && object.kvlistValue !== null) {
    const listPath = `${path}.kvlistValue`;
    const entries = readAttributes(readObject(object.kvlistValue, listPath)?.values, `${listPath}.values`);
    const result: { [key: string]: OtlpValue } = {};
    for (const entry of entries) {
      if (entry.value !== undefined) {
        result[entry.key] = entry.value;
      }
    }
    return result;
  }
  if (object.bytesValue !== undefined && object.bytesValue !== null) {
    const bytes = readString(object.bytesValue, `${path}.bytesValue`);
    if (!/^[A-Za-z0-9+/]*={0,2}$/u.test(bytes) || bytes.length % 4 !== 0) {
      throw new OtlpJsonError(`${path}.bytesValue`, 'expected base64');
    }
    return bytes;
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
 * Writes a decoded value as JSON text the way the server's JSON writer does (exact integers).
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
  if (Array.isArray(value)) {
    return `[${value.map(toJsonText).join(',')}]`;
  }
  return `{${Object.entries(value)
    .map(([key, item]) => `${JSON.stringify(key)}:${toJsonText(item)}`)
    .join(',')}}`;
}

/**
 * Turns a decoded value into a column value: a string for every value (arrays and kvlists as JSON
 * text, booleans as `true`/`false`, numbers as decimal text), except when `numeric` is set (the
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
