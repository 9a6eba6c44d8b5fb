import type { Select } from '@openobserve/node-sql-parser';
import { parseOpenObserveSql } from './parse-openobserve-sql.js';
import { columnRefName, type SqlNode, walkSqlAst } from './sql-ast-walk.js';

/** What a SELECT reads: the streams named in FROM and the stream columns it references. */
export interface SqlReads {
  streams: string[];
  /** Column names, sorted, without SELECT aliases (which GROUP BY / ORDER BY / HAVING may reuse). */
  columns: string[];
  /**
   * The top-level SELECT's aliases that rename an expression (`x AS x` is left out). One that is
   * also a stream column is a trap: GROUP BY and ORDER BY read the column, not the alias.
   */
  aliases: string[];
}

/**
 * Lists the streams and stream columns an OpenObserve SQL query reads, parsed with OpenObserve's own
 * parser. Names that are SELECT aliases (`GROUP BY x_axis_1`) are not columns; names used inside the
 * SELECT list always are.
 *
 * @example
 * ```ts
 * sqlReads('SELECT histogram(_timestamp) AS x_axis_1, SUM(gen_ai_usage_cost) AS y FROM "default" GROUP BY x_axis_1');
 * // { streams: ['default'], columns: ['_timestamp', 'gen_ai_usage_cost'], aliases: ['x_axis_1', 'y'] }
 * ```
 */
export function sqlReads(sql: string): SqlReads {
  const streams = new Set<string>();
  const columns = new Set<string>();
  const select = parseOpenObserveSql(sql);
  collect(select, streams, columns);
  const aliases = ((select.columns ?? []) as unknown as SqlNode[])
    .filter((column) => typeof column.as === 'string')
    .filter((column) => {
      const expr = column.expr as SqlNode | undefined;
      return !(expr?.type === 'column_ref' && columnRefName(expr) === column.as);
    })
    .map((column) => String(column.as));
  return { streams: [...streams].sort(), columns: [...columns].sort(), aliases };
}

function isSelect(node: SqlNode): boolean {
  return node.type === 'select' && Array.isArray((node as { from?: unknown }).from);
}

/** Collects one SELECT; returns its output names (aliases), which an outer query may read. */
function collect(select: Select, streams: Set<string>, columns: Set<string>): Set<string> {
  const node = select as unknown as SqlNode;
  const aliases = new Set<string>();
  for (const column of (select.columns ?? []) as unknown as SqlNode[]) {
    if (typeof column.as === 'string') aliases.add(column.as);
  }
  const derived = new Set<string>();
  for (const from of (select.from ?? []) as unknown as SqlNode[]) {
    if (typeof from.table === 'string') streams.add(from.table);
  }
  const refsOf = (part: unknown, sink: Set<string>): void =>
    walkSqlAst(part, (child) => {
      if (child !== node && isSelect(child)) {
        for (const name of collect(child as unknown as Select, streams, columns)) derived.add(name);
        return false;
      }
      if (child.type === 'column_ref') {
        const name = columnRefName(child);
        if (name !== undefined && name !== '*') sink.add(name);
      }
      return undefined;
    });
  const inSelectList = new Set<string>();
  const elsewhere = new Set<string>();
  refsOf(select.columns, inSelectList);
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'columns') refsOf(value, elsewhere);
  }
  for (const name of inSelectList) if (!derived.has(name)) columns.add(name);
  for (const name of elsewhere) if (!aliases.has(name) && !derived.has(name)) columns.add(name);
  return aliases;
}
