import { isServerObject, newServerObject, type ServerAttributes, type ServerValue } from '../server-value.js';
import { parseRustUsize } from './rust-number-parse.js';

/** OpenObserve caps rebuilt arrays at this index (`MAX_INDEX` in `input_output.rs`). */
const MAX_INDEX = 100;

function setNestedValue(target: ServerValue, path: readonly string[], value: ServerValue): void {
  const [head, ...rest] = path;
  if (head === undefined) {
    return;
  }
  if (rest.length === 0) {
    if (isServerObject(target)) {
      target[head] = value;
    }
    return;
  }
  if (isServerObject(target)) {
    if (!(head in target)) {
      target[head] = parseRustUsize(rest[0] ?? '') === undefined ? newServerObject() : [];
    }
    setNestedValue(target[head] as ServerValue, rest, value);
    return;
  }
  const index = parseRustUsize(head);
  if (Array.isArray(target) && index !== undefined) {
    const capped = Math.min(index, MAX_INDEX);
    while (target.length <= capped) {
      target.push(newServerObject());
    }
    setNestedValue(target[capped] as ServerValue, rest, value);
  }
}

function buildArray(keys: readonly string[], attributes: ServerAttributes, prefix: string): ServerValue[] {
  let maxIndex = 0;
  for (const key of keys) {
    const index = parseRustUsize(key.split('.')[0] ?? '');
    if (index !== undefined) {
      maxIndex = Math.max(maxIndex, index);
    }
  }
  maxIndex = Math.min(maxIndex, MAX_INDEX);
  const array: ServerValue[] = Array.from({ length: maxIndex + 1 }, () => newServerObject());
  for (const key of keys) {
    const [first = '', ...rest] = key.split('.');
    const index = parseRustUsize(first);
    const value = attributes.get(`${prefix}.${key}`);
    if (index === undefined || index >= array.length || value === undefined) {
      continue;
    }
    setNestedValue(array[index] as ServerValue, rest, value);
  }
  return array;
}

function buildObject(keys: readonly string[], attributes: ServerAttributes, prefix: string): ServerValue {
  const result = newServerObject();
  for (const key of keys) {
    const value = attributes.get(`${prefix}.${key}`);
    if (value !== undefined) {
      setNestedValue(result, key.split('.'), value);
    }
  }
  return result;
}

/**
 * Rebuilds a value from flattened attribute keys the way OpenObserve does
 * (`convert_key_path_to_nested_object` in `src/core/src/traces/otel/extractors/input_output.rs`):
 * the `prefix` key itself wins when present; keys starting with a number after the prefix make an
 * array (`llm.input_messages.0.message.role` → `[{"message":{"role":…}}]`, at most 101 items),
 * other keys an object (`gen_ai.prompt.name` → `{"name":…}`); no key under the prefix gives `null`.
 * Keys are visited in the order they were sent (OpenObserve's map has no fixed order, so the key
 * order inside the result is not a fact to assert on).
 *
 * @example
 * ```ts
 * const attributes = new Map([['llm.input_messages.0.message.role', 'user']]);
 * keyPathToValue(attributes, 'llm.input_messages'); // [{ message: { role: 'user' } }]
 * ```
 */
export function keyPathToValue(attributes: ServerAttributes, prefix: string): ServerValue {
  const direct = attributes.get(prefix);
  if (direct !== undefined) {
    return direct;
  }
  const keys = [...attributes.keys()]
    .filter((key) => key.startsWith(`${prefix}.`))
    .map((key) => key.slice(prefix.length + 1));
  if (keys.length === 0) {
    return null;
  }
  const useArray = keys.some((key) => parseRustUsize(key.split('.')[0] ?? '') !== undefined);
  return useArray ? buildArray(keys, attributes, prefix) : buildObject(keys, attributes, prefix);
}
