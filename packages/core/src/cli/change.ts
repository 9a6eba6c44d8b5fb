/** What install or uninstall did (or, with `--dry-run`, would do) to one thing. */
export interface Change {
  action: 'created' | 'updated' | 'unchanged' | 'deleted' | 'kept' | 'skipped' | 'added';
  /** What it is, e.g. `dashboard "LLM calls: cost"`. */
  subject: string;
  /** Why, for `kept` and `skipped`; what, for `added`. */
  detail?: string;
}

const WOULD: Partial<Record<Change['action'], string>> = {
  created: 'would create',
  updated: 'would update',
  deleted: 'would delete',
  added: 'would add',
};

/**
 * One line of the CLI's report.
 *
 * @example
 * ```ts
 * formatChange({ action: 'created', subject: 'folder "LLM calls"' }, false); // 'created    folder "LLM calls"'
 * formatChange({ action: 'created', subject: 'folder "LLM calls"' }, true); // 'would create folder "LLM calls"'
 * ```
 */
export function formatChange(change: Change, dryRun: boolean): string {
  const verb = (dryRun ? WOULD[change.action] : undefined) ?? change.action;
  return `${verb.padEnd(10)} ${change.subject}${change.detail ? `: ${change.detail}` : ''}`;
}

/**
 * The closing line: how many things changed. Every line of the report is counted: created, updated,
 * deleted and unchanged always, added (stream columns), kept and skipped when there are any.
 *
 * @example
 * ```ts
 * summarizeChanges([{ action: 'created', subject: 'x' }], false); // 'done: 1 created, 0 updated, 0 deleted, 0 unchanged'
 * summarizeChanges([{ action: 'added', subject: 'columns' }], true); // 'dry run, nothing was changed: 0 to create, 0 to update, 0 to delete, 0 unchanged, 1 to add'
 * ```
 */
export function summarizeChanges(changes: readonly Change[], dryRun: boolean): string {
  const count = (action: Change['action']) => changes.filter((change) => change.action === action).length;
  const extra = (['added', 'kept', 'skipped'] as const)
    .filter((action) => count(action) > 0)
    .map((action) =>
      dryRun && action === 'added' ? `${count(action)} to add` : `${count(action)} ${action}`,
    );
  const tail = extra.map((part) => `, ${part}`).join('');
  if (dryRun) {
    return `dry run, nothing was changed: ${count('created')} to create, ${count('updated')} to update, ${count('deleted')} to delete, ${count('unchanged')} unchanged${tail}`;
  }
  return `done: ${count('created')} created, ${count('updated')} updated, ${count('deleted')} deleted, ${count('unchanged')} unchanged${tail}`;
}
