import { createRequire } from 'node:module';
import type { AST, Select, Parser as SqlParser } from '@openobserve/node-sql-parser';

// OpenObserve's web UI parses SQL with this build of its own parser fork (web/src/composables/useParser.ts).
// It is a CommonJS bundle without named ESM exports, so it is loaded with require.
const require = createRequire(import.meta.url);
const { Parser } = require('@openobserve/node-sql-parser/build/datafusionsql.js') as {
  Parser: new () => SqlParser;
};
const parser = new Parser();

/**
 * Parses one SQL statement the way OpenObserve's UI does (its DataFusion grammar) and returns the
 * SELECT. Anything else, or more than one statement, is an error.
 *
 * @example
 * ```ts
 * parseOpenObserveSql('SELECT COUNT(*) AS calls FROM "default"').type; // 'select'
 * ```
 */
export function parseOpenObserveSql(sql: string): Select {
  const ast: AST | AST[] = parser.astify(sql);
  const statements = Array.isArray(ast) ? ast : [ast];
  const [statement] = statements;
  if (statements.length !== 1 || statement === undefined) {
    throw new Error(`expected one SQL statement, found ${statements.length}: ${sql}`);
  }
  if (statement.type !== 'select') {
    throw new Error(`expected a SELECT, found ${statement.type}: ${sql}`);
  }
  return statement as Select;
}

/**
 * Writes an AST back as SQL in the PostgreSQL dialect (double-quoted identifiers), which DuckDB reads.
 *
 * @example
 * ```ts
 * sqlifyForPostgres(parseOpenObserveSql('SELECT a FROM "s"')); // 'SELECT a FROM "s"'
 * ```
 */
export function sqlifyForPostgres(ast: Select): string {
  return parser.sqlify(ast, { database: 'PostgreSQL' });
}
