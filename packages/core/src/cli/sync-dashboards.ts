import type { Change } from './change.js';
import type { CliContext } from './cli-context.js';
import { containsDesired } from './contains-desired.js';
import type { OpenObserveAsset } from './openobserve-assets.js';

interface ListedDashboard {
  dashboard_id: string;
  title: string;
}

interface StoredDashboard {
  v8: Record<string, unknown>;
  hash: string;
}

/**
 * The dashboards of a folder (id and title).
 *
 * @example
 * ```ts
 * const listed = await listDashboards(context, folderId);
 * ```
 */
export async function listDashboards(context: CliContext, folderId: string): Promise<ListedDashboard[]> {
  const body = (await context.api.expect('GET', context.paths.dashboards(folderId), [200])) as {
    dashboards?: ListedDashboard[];
  };
  return body.dashboards ?? [];
}

/**
 * Creates each dashboard missing from the folder (found by title), updates one whose content
 * differs (with the hash OpenObserve requires, keeping its creation date), and leaves an identical
 * one alone, so a second install changes nothing.
 *
 * @example
 * ```ts
 * changes.push(...(await syncDashboards(context, folderId, loadDashboards(connection))));
 * ```
 */
export async function syncDashboards(
  context: CliContext,
  folderId: string | undefined,
  dashboards: readonly OpenObserveAsset[],
): Promise<Change[]> {
  const { api, paths, dryRun } = context;
  const listed = folderId === undefined ? [] : await listDashboards(context, folderId);
  const changes: Change[] = [];
  for (const dashboard of dashboards) {
    const subject = `dashboard "${dashboard.key}"`;
    const existing = listed.find((item) => item.title === dashboard.key);
    if (!existing || folderId === undefined) {
      if (!dryRun && folderId !== undefined)
        await api.expect('POST', paths.dashboards(folderId), [200], dashboard.body);
      changes.push({ action: 'created', subject });
      continue;
    }
    const stored = (await api.expect(
      'GET',
      paths.dashboard(existing.dashboard_id),
      [200],
    )) as StoredDashboard;
    if (containsDesired(stored.v8, dashboard.body)) {
      changes.push({ action: 'unchanged', subject });
      continue;
    }
    if (!dryRun) {
      await api.expect('PUT', paths.updateDashboard(existing.dashboard_id, folderId, stored.hash), [200], {
        ...dashboard.body,
        created: stored.v8.created,
      });
    }
    changes.push({ action: 'updated', subject });
  }
  return changes;
}
