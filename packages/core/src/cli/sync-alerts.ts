import type { Change } from './change.js';
import type { CliContext } from './cli-context.js';
import { containsDesired } from './contains-desired.js';
import type { OpenObserveAsset } from './openobserve-assets.js';

/** Every installed alert's name starts with this. */
export const ALERT_NAME_PREFIX = 'portobserve_llm_';

/** An alert as the list endpoint shows it. */
export interface ListedAlert {
  alert_id: string;
  name: string;
  folder_id: string;
}

/**
 * The alerts whose name starts with {@link ALERT_NAME_PREFIX}, in any folder.
 *
 * @example
 * ```ts
 * const ours = await listOwnAlerts(context);
 * ```
 */
export async function listOwnAlerts(context: CliContext): Promise<ListedAlert[]> {
  const body = (await context.api.expect('GET', context.paths.alertsNamed(ALERT_NAME_PREFIX), [200])) as {
    list?: ListedAlert[];
  };
  return (body.list ?? []).filter((alert) => alert.name.startsWith(ALERT_NAME_PREFIX));
}

/**
 * Creates each missing alert (found by name, wherever it was moved) in the folder, updates one
 * that differs, leaves an identical one alone. An alert someone disabled stays disabled.
 *
 * @example
 * ```ts
 * changes.push(...(await syncAlerts(context, folderId, loadAlerts(connection, thresholds, 'oncall'))));
 * ```
 */
export async function syncAlerts(
  context: CliContext,
  folderId: string | undefined,
  alerts: readonly OpenObserveAsset[],
): Promise<Change[]> {
  const { api, paths, dryRun } = context;
  const listed = await listOwnAlerts(context);
  const changes: Change[] = [];
  for (const alert of alerts) {
    const subject = `alert "${alert.key}"`;
    const existing = listed.find((item) => item.name === alert.key);
    if (!existing) {
      if (!dryRun && folderId !== undefined)
        await api.expect('POST', paths.createAlert(folderId), [200], alert.body);
      changes.push({ action: 'created', subject });
      continue;
    }
    const stored = (await api.expect('GET', paths.alert(existing.alert_id), [200])) as Record<
      string,
      unknown
    >;
    const desired = { ...alert.body, enabled: stored.enabled };
    if (containsDesired(stored, desired)) {
      changes.push({ action: 'unchanged', subject });
      continue;
    }
    if (!dryRun) await api.expect('PUT', paths.alert(existing.alert_id), [200], desired);
    changes.push({ action: 'updated', subject });
  }
  return changes;
}
