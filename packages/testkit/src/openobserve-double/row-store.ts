import type { OpenObserveRow } from './otlp-json-to-rows.js';

/** Which rows to look at: one organization and/or one stream; nothing means everything. */
export interface RowFilter {
  org?: string;
  stream?: string;
}

interface StoredRows {
  org: string;
  stream: string;
  rows: OpenObserveRow[];
}

/**
 * The rows the double has stored, kept per (organization, stream) in arrival order.
 *
 * @example
 * ```ts
 * const store = new RowStore();
 * store.add('default', 'default', [{ trace_id: 'ab' }]);
 * store.rows({ org: 'default' }); // [{ trace_id: 'ab' }]
 * ```
 */
export class RowStore {
  private readonly streams: StoredRows[] = [];
  private readonly order: { entry: StoredRows; index: number }[] = [];

  /** Stores rows under an organization and a stream. */
  add(org: string, stream: string, rows: readonly OpenObserveRow[]): void {
    let entry = this.streams.find((item) => item.org === org && item.stream === stream);
    if (entry === undefined) {
      entry = { org, stream, rows: [] };
      this.streams.push(entry);
    }
    for (const row of rows) {
      this.order.push({ entry, index: entry.rows.length });
      entry.rows.push({ ...row });
    }
  }

  /** Copies of the matching rows, in the order they were stored. */
  rows(filter: RowFilter = {}): OpenObserveRow[] {
    return this.order
      .filter(
        ({ entry }) =>
          (filter.org === undefined || entry.org === filter.org) &&
          (filter.stream === undefined || entry.stream === filter.stream),
      )
      .map(({ entry, index }) => ({ ...entry.rows[index] }));
  }

  /** The (organization, stream) pairs that hold rows, with their row counts. */
  summary(): { org: string; stream: string; count: number }[] {
    return this.streams.map(({ org, stream, rows }) => ({ org, stream, count: rows.length }));
  }

  /** Forgets every row. */
  clear(): void {
    this.streams.length = 0;
    this.order.length = 0;
  }
}
