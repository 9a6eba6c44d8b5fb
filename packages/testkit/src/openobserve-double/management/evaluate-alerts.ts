import { runOpenObserveSql, type SqlResultRow } from '../../openobserve-sql/run-openobserve-sql.js';
import type { ManagementContext } from './management-request.js';
import { provisionedColumns } from './stream-fields.js';

/** The outcome of one scheduled SQL alert run. */
export interface AlertEvaluation {
  alertId: string;
  org: string;
  name: string;
  /** The row count compared with the threshold held: OpenObserve would notify the destinations. */
  fired: boolean;
  /** Rows the SQL returned over [now − period, now]. */
  rows: SqlResultRow[];
  destinations: string[];
}

const COMPARE: Record<string, (count: number, threshold: number) => boolean> = {
  '=': (c, t) => c === t,
  '!=': (c, t) => c !== t,
  '>': (c, t) => c > t,
  '>=': (c, t) => c >= t,
  '<': (c, t) => c < t,
  '<=': (c, t) => c <= t,
};

/**
 * Runs every enabled SQL alert once, as OpenObserve's scheduler does (src/core/src/alerts/mod.rs):
 * the SQL runs over the stream's rows from `now − period` minutes to `now`, and the alert fires when
 * the number of rows returned compares with `threshold` by `operator`. So the condition belongs in
 * WHERE / HAVING; a bare aggregate returns one row and fires on every run.
 *
 * @example
 * ```ts
 * const [result] = await evaluateAlerts(context, { nowMs: Date.now() });
 * result?.fired;
 * ```
 */
export async function evaluateAlerts(
  context: ManagementContext,
  options: { nowMs?: number; org?: string } = {},
): Promise<AlertEvaluation[]> {
  const nowUs = (options.nowMs ?? Date.now()) * 1000;
  const results: AlertEvaluation[] = [];
  for (const stored of context.store.alerts) {
    const { alert } = stored;
    if (!alert.enabled || (options.org !== undefined && stored.org !== options.org)) continue;
    const condition = alert.query_condition as { type: string; sql: string | null };
    const trigger = alert.trigger_condition as { period: number; operator: string; threshold: number };
    if (condition.type !== 'sql' || condition.sql === null) {
      throw new Error(
        `test double: alert ${String(alert.name)} is a ${condition.type} alert; only SQL alerts are evaluated`,
      );
    }
    const compare = COMPARE[trigger.operator];
    if (!compare) throw new Error(`test double: operator ${trigger.operator} does not compare a row count`);
    const stream = String(alert.stream_name);
    const rows = await runOpenObserveSql(
      condition.sql,
      { [stream]: context.streamRows(stored.org, stream) },
      {
        startUs: nowUs - trigger.period * 60_000_000,
        endUs: nowUs,
        extraColumns: { [stream]: provisionedColumns(context.store, stored.org, stream) },
      },
    );
    results.push({
      alertId: stored.id,
      org: stored.org,
      name: String(alert.name),
      fired: compare(rows.length, trigger.threshold),
      rows,
      destinations: alert.destinations as string[],
    });
  }
  return results;
}
