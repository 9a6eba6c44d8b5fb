import type { StreamColumnType } from '../../openobserve-sql/stream-table.js';
import type { ManagementStore } from './management-store.js';

/** The Arrow types `update_fields` takes (`parse_data_type`, src/stream/src/lib.rs), as SQL column types. */
export const UPDATE_FIELD_TYPES: Readonly<Record<string, StreamColumnType>> = {
  utf8: 'VARCHAR',
  largeutf8: 'VARCHAR',
  large_utf8: 'VARCHAR',
  bool: 'VARCHAR',
  boolean: 'VARCHAR',
  int64: 'BIGINT',
  uint64: 'BIGINT',
  float64: 'DOUBLE',
};

/**
 * The columns added to a stream's schema with `update_fields`, as SQL column types.
 *
 * @example
 * ```ts
 * provisionedColumns(store, 'default', 'default'); // { portkey_config_id: 'VARCHAR' }
 * ```
 */
export function provisionedColumns(
  store: ManagementStore,
  org: string,
  stream: string,
): Record<string, StreamColumnType> {
  const columns: Record<string, StreamColumnType> = {};
  for (const field of store.provisionedFields) {
    if (field.org === org && field.stream === stream) {
      columns[field.name] = UPDATE_FIELD_TYPES[field.dataType.toLowerCase()] ?? 'VARCHAR';
    }
  }
  return columns;
}
