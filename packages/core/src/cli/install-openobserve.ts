import { type AlertDestination, OWN_DESTINATION_NAME } from './alert-destination.js';
import type { AlertThresholds } from './alert-thresholds.js';
import type { Change } from './change.js';
import type { CliContext } from './cli-context.js';
import { ensureLlmFolder } from './llm-folder.js';
import { loadAlerts, loadColumns, loadDashboards } from './openobserve-assets.js';
import { probeOpenObserve } from './probe-openobserve.js';
import { syncAlerts } from './sync-alerts.js';
import { syncDashboards } from './sync-dashboards.js';
import { removeOwnDestination, syncDestination } from './sync-destination.js';
import { syncStreamColumns } from './sync-stream-columns.js';

/** What install needs besides the connection. */
export interface InstallOptions {
  thresholds: AlertThresholds;
  /** Where alerts go; without one the alerts are skipped (OpenObserve refuses an alert without a destination). */
  destination: AlertDestination | undefined;
}

/**
 * Installs, or brings up to date, everything in the "LLM calls" folders: the stream columns the
 * panels read, the four dashboards, and (with a destination and once the stream has data) the four
 * alerts. Idempotent: a second run reports everything unchanged. With `context.dryRun` nothing is
 * written.
 *
 * @example
 * ```ts
 * const changes = await installOpenObserve(context, { thresholds, destination: { kind: 'name', name: 'oncall' } });
 * ```
 */
export async function installOpenObserve(context: CliContext, options: InstallOptions): Promise<Change[]> {
  const changes: Change[] = [];
  await probeOpenObserve(context);
  const streamExists = await syncStreamColumns(context, loadColumns(), changes);

  const dashboardFolder = await ensureLlmFolder(context, 'dashboards', changes);
  changes.push(...(await syncDashboards(context, dashboardFolder, loadDashboards(context.connection))));

  if (options.destination === undefined) {
    changes.push({
      action: 'skipped',
      subject: 'alerts',
      detail:
        'no alert destination: pass --alert-destination <name|https URL> (or set PORTOBSERVE_ALERT_DESTINATION) to install them',
    });
    return changes;
  }
  if (!streamExists) {
    changes.push({
      action: 'skipped',
      subject: 'alerts',
      detail: `OpenObserve creates alerts only on a stream with data: send one LLM call to "${context.connection.stream}", then run install again`,
    });
    return changes;
  }
  const destinationName = await syncDestination(context, options.destination, changes);
  const alertFolder = await ensureLlmFolder(context, 'alerts', changes);
  changes.push(
    ...(await syncAlerts(
      context,
      alertFolder,
      loadAlerts(context.connection, options.thresholds, destinationName),
    )),
  );
  if (destinationName !== OWN_DESTINATION_NAME) {
    const removed = await removeOwnDestination(context);
    if (removed)
      changes.push({
        ...removed,
        detail: removed.detail ?? `no longer used: alerts go to "${destinationName}"`,
      });
  }
  return changes;
}
