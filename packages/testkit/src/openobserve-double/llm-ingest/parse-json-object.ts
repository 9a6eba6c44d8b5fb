import { isLosslessNumber, parse, stringify } from 'lossless-json';

/**
 * A JSON value as OpenObserve's `serde_json` (with `arbitrary_precision` and `preserve_order`)
 * holds it: numbers keep their literal text (`1.0` stays `1.0`), objects keep their key order.
 */
export type LiteralJson = unknown;

/**
 * Parses a JSON text that must hold an object (`parse_json_value` in
 * `src/core/src/traces/otel/extractors/mod.rs`); anything else (invalid JSON, an array, a
 * number) gives `undefined`.
 *
 * @example
 * ```ts
 * const parameters = parseJsonObject('{"temperature":1.0}');
 * parameters && literalText(parameters.temperature); // '1.0'
 * ```
 */
export function parseJsonObject(text: string): Record<string, LiteralJson> | undefined {
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || isLosslessNumber(parsed)) {
    return undefined;
  }
  return parsed as Record<string, LiteralJson>;
}

/**
 * The literal text of a parsed JSON number, or `undefined` when the value is not a number.
 *
 * @example
 * ```ts
 * literalText(parseJsonObject('{"n":2.50}')?.n); // '2.50'
 * ```
 */
export function literalText(value: LiteralJson): string | undefined {
  return isLosslessNumber(value) ? value.value : undefined;
}

/**
 * True for a parsed JSON object (not an array, not a number).
 *
 * @example
 * ```ts
 * isLiteralObject(parseJsonObject('{"a":{}}')?.a); // true
 * ```
 */
export function isLiteralObject(value: LiteralJson): value is Record<string, LiteralJson> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isLosslessNumber(value);
}

/**
 * Compact JSON text of a parsed value, numbers as they were written (serde_json's `to_string`).
 *
 * @example
 * ```ts
 * literalJsonText(parseJsonObject('{"a":[1.0]}')); // '{"a":[1.0]}'
 * ```
 */
export function literalJsonText(value: LiteralJson): string {
  return stringify(value) ?? 'null';
}
