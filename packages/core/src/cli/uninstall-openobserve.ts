import { countOf } from '../count-of.js';
import type { Change } from './change.js';
import type { CliContext } from './cli-context.js';
import { FOLDER_DESCRIPTION, FOLDER_NAME, type Folder, findLlmFolder } from './llm-folder.js';
import { alertNames, dashboardTitles } from './openobserve-assets.js';
import { probeOpenObserve } from './probe-openobserve.js';
import { type ListedAlert, listOwnAlerts } from './sync-alerts.js';
import { listDashboards } from './sync-dashboards.js';
import { removeOwnDestination } from './sync-destination.js';

/** Deletes a folder portobserve created once nothing else is left in it; otherwise keeps it and says why. */
async function removeFolder(
  context: CliContext,
  type: 'dashboards' | 'alerts',
  folder: Folder,
  othersLeft: number,
): Promise<Change> {
  const subject = `${type === 'dashboards' ? 'dashboard' : 'alert'} folder "${FOLDER_NAME}"`;
  if (folder.description !== FOLDER_DESCRIPTION)
    return { action: 'kept', subject, detail: 'portobserve did not create it' };
  if (othersLeft > 0)
    return {
      action: 'kept',
      subject,
      detail: `it holds ${countOf(othersLeft, type.slice(0, -1))} portobserve did not install`,
    };
  if (!context.dryRun) await context.api.expect('DELETE', context.paths.folder(type, folder.folderId), [200]);
  return { action: 'deleted', subject };
}

/**
 * Removes what install created, and nothing else: the four dashboards and four alerts (found by
 * title and name), the webhook destination portobserve created from a URL, and the "LLM calls"
 * folders when portobserve created them and they are empty. A destination named with
 * `--alert-destination <name>` is never touched, nor are stream columns (removing a column removes
 * its data).
 *
 * @example
 * ```ts
 * const changes = await uninstallOpenObserve(context);
 * ```
 */
export async function uninstallOpenObserve(context: CliContext): Promise<Change[]> {
  const { api, paths, dryRun } = context;
  const changes: Change[] = [];
  await probeOpenObserve(context);

  const names = new Set(alertNames());
  const ownAlerts = (await listOwnAlerts(context)).filter((alert) => names.has(alert.name));
  for (const alert of ownAlerts) {
    if (!dryRun) await api.expect('DELETE', paths.alert(alert.alert_id), [200]);
    changes.push({ action: 'deleted', subject: `alert "${alert.name}"` });
  }
  const destination = await removeOwnDestination(context);
  if (destination) changes.push(destination);
  const alertFolder = await findLlmFolder(context, 'alerts');
  if (alertFolder) {
    const inFolder = (await api.expect('GET', paths.alertsInFolder(alertFolder.folderId), [200])) as {
      list?: ListedAlert[];
    };
    const deleted = new Set(ownAlerts.map((alert) => alert.alert_id));
    const others = (inFolder.list ?? []).filter((alert) => !deleted.has(alert.alert_id)).length;
    changes.push(await removeFolder(context, 'alerts', alertFolder, others));
  }

  const dashboardFolder = await findLlmFolder(context, 'dashboards');
  if (dashboardFolder) {
    const titles = new Set(dashboardTitles());
    const listed = await listDashboards(context, dashboardFolder.folderId);
    for (const dashboard of listed.filter((item) => titles.has(item.title))) {
      if (!dryRun) await api.expect('DELETE', paths.dashboard(dashboard.dashboard_id), [200]);
      changes.push({ action: 'deleted', subject: `dashboard "${dashboard.title}"` });
    }
    const others = listed.filter((item) => !titles.has(item.title)).length;
    changes.push(await removeFolder(context, 'dashboards', dashboardFolder, others));
  }
  if (changes.length === 0)
    changes.push({
      action: 'unchanged',
      subject: 'OpenObserve',
      detail: 'nothing portobserve installed was found',
    });
  return changes;
}
