import { formatOpenObserveKey } from './format-key.js';
import type { OpenObserveRow } from './otlp-json-to-rows.js';
import type { ServerValue } from './server-value.js';

/**
 * Stores one attribute in a row the way OpenObserve's `flatten` does
 * (`src/config/src/utils/flatten.rs`): the key is formatted, an object spreads into
 * `key_child` columns, an array becomes its JSON text, and `null`, `[]` and `{}` store nothing.
 *
 * @example
 * ```ts
 * const row: OpenObserveRow = {};
 * flattenIntoRow(row, 'gen_ai.input.messages', { name: 'greeting' });
 * row; // { gen_ai_input_messages_name: 'greeting' }
 * flattenIntoRow(row, 'gen_ai.response.finish_reasons', ['stop']);
 * row.gen_ai_response_finish_reasons; // '["stop"]'
 * ```
 */
export function flattenIntoRow(row: OpenObserveRow, key: string, value: ServerValue): void {
  const column = formatOpenObserveKey(key);
  if (value === null) {
    return;
  }
  if (Array.isArray(value)) {
    if (value.length > 0) {
      row[column] = JSON.stringify(value);
    }
    return;
  }
  if (typeof value === 'object') {
    for (const [childKey, child] of Object.entries(value)) {
      flattenIntoRow(row, `${column}_${formatOpenObserveKey(childKey)}`, child);
    }
    return;
  }
  row[column] = value;
}
