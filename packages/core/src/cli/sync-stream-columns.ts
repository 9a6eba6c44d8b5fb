import type { Change } from './change.js';
import type { CliContext } from './cli-context.js';
import { unexpectedAnswer } from './openobserve-api.js';

/**
 * Makes sure the traces stream has every column the dashboards and alerts read. OpenObserve
 * refuses a query naming a column its stream has never had ("No field named …"), so a column that
 * only some calls set (a saved config id, a gateway exception, an error type) is added, empty and
 * nullable, with the type OpenObserve gives it (`update_fields`). Existing columns are never
 * touched. Returns whether the stream exists at all (it does from its first span on).
 *
 * @example
 * ```ts
 * const streamExists = await syncStreamColumns(context, loadColumns(), changes);
 * ```
 */
export async function syncStreamColumns(
  context: CliContext,
  columns: Readonly<Record<string, string>>,
  changes: Change[],
): Promise<boolean> {
  const { api, paths, connection, dryRun } = context;
  const subject = `columns of traces stream "${connection.stream}"`;
  const schemaPath = paths.streamSchema(connection.stream);
  const answer = await api.request('GET', schemaPath);
  if (answer.status === 404) {
    changes.push({
      action: 'skipped',
      subject,
      detail: `organization "${connection.org}" has no such stream yet (send one LLM call, or check OPENOBSERVE_ORG and OPENOBSERVE_TRACES_STREAM_NAME), then run install again`,
    });
    return false;
  }
  if (answer.status !== 200) throw unexpectedAnswer('GET', schemaPath, answer);
  const present = new Set(
    ((answer.body as { schema?: { name: string }[] }).schema ?? []).map((field) => field.name),
  );
  const missing = Object.keys(columns).filter((name) => !present.has(name));
  if (missing.length === 0) {
    changes.push({ action: 'unchanged', subject });
    return true;
  }
  if (!dryRun) {
    await api.expect('PUT', paths.streamFields(connection.stream), [200], {
      fields: missing.map((name) => ({ name, data_type: columns[name], nullable: true })),
    });
  }
  changes.push({ action: 'added', subject, detail: missing.join(', ') });
  return true;
}
