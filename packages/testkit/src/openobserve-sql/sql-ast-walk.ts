/** Any node of a node-sql-parser AST, looked at structurally. */
export type SqlNode = Record<string, unknown>;

function isNode(value: unknown): value is SqlNode {
  return typeof value === 'object' && value !== null;
}

/**
 * Calls `visit` on every object inside `root` (depth first, `root` included). `visit` returning
 * `false` skips that node's children.
 *
 * @example
 * ```ts
 * walkSqlAst(ast, (node) => { if (node.type === 'column_ref') seen.push(node); });
 * ```
 */
export function walkSqlAst(root: unknown, visit: (node: SqlNode) => boolean | undefined): void {
  if (Array.isArray(root)) {
    for (const item of root) walkSqlAst(item, visit);
    return;
  }
  if (!isNode(root)) return;
  if (visit(root) === false) return;
  for (const value of Object.values(root)) {
    if (isNode(value)) walkSqlAst(value, visit);
  }
}

/**
 * The column a `column_ref` node names: node-sql-parser writes it either as a string or as
 * `{ expr: { value } }`.
 *
 * @example
 * ```ts
 * columnRefName({ type: 'column_ref', column: { expr: { type: 'default', value: 'duration' } } }); // 'duration'
 * ```
 */
export function columnRefName(node: SqlNode): string | undefined {
  const column = node.column;
  if (typeof column === 'string') return column;
  if (isNode(column) && isNode(column.expr) && typeof column.expr.value === 'string')
    return column.expr.value;
  return undefined;
}

/**
 * The name of a `function` node (`histogram`, `approx_percentile_cont`, ...), lower-cased.
 *
 * @example
 * ```ts
 * functionName(node); // 'histogram'
 * ```
 */
export function functionName(node: SqlNode): string | undefined {
  const name = node.name;
  if (!isNode(name) || !Array.isArray(name.name)) return undefined;
  const last = name.name[name.name.length - 1] as unknown;
  return isNode(last) && typeof last.value === 'string' ? last.value.toLowerCase() : undefined;
}

/**
 * Renames a `function` node in place.
 *
 * @example
 * ```ts
 * renameFunction(node, 'oo_histogram');
 * ```
 */
export function renameFunction(node: SqlNode, name: string): void {
  const holder = node.name as { name: { type: string; value: string }[] };
  holder.name = [{ type: 'default', value: name }];
}
