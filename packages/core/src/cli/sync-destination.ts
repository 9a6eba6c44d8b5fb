import { type AlertDestination, OWN_DESTINATION_NAME, shownWebhookURL } from './alert-destination.js';
import type { Change } from './change.js';
import type { CliContext } from './cli-context.js';
import { CliError } from './cli-error.js';
import { containsDesired } from './contains-desired.js';
import { unexpectedAnswer } from './openobserve-api.js';

/**
 * The destination name the alerts use. A name must exist already (never changed); a URL becomes the
 * webhook destination {@link OWN_DESTINATION_NAME}, created or updated to that URL.
 *
 * @example
 * ```ts
 * const name = await syncDestination(context, { kind: 'url', url: 'https://hooks.example.com/x' }, changes);
 * ```
 */
export async function syncDestination(
  context: CliContext,
  destination: AlertDestination,
  changes: Change[],
): Promise<string> {
  const { api, paths, connection, dryRun } = context;
  if (destination.kind === 'name') {
    const answer = await api.request('GET', paths.destination(destination.name));
    if (answer.status === 404) {
      throw new CliError(
        'ALERT_DESTINATION_NOT_FOUND',
        `alert destination "${destination.name}" does not exist in organization "${connection.org}": create it in OpenObserve (Management > Alert destinations), or pass --alert-destination https://… to let portobserve create a webhook destination.`,
      );
    }
    if (answer.status !== 200) throw unexpectedAnswer('GET', paths.destination(destination.name), answer);
    return destination.name;
  }
  const desired = { name: OWN_DESTINATION_NAME, type: 'http', url: destination.url, method: 'post' };
  const subject = `alert destination "${OWN_DESTINATION_NAME}"`;
  const answer = await api.request('GET', paths.destination(OWN_DESTINATION_NAME));
  if (answer.status === 404) {
    if (!dryRun) await api.expect('POST', paths.destinations(), [200], desired);
    changes.push({ action: 'created', subject, detail: shownWebhookURL(destination.url) });
  } else if (answer.status !== 200) {
    throw unexpectedAnswer('GET', paths.destination(OWN_DESTINATION_NAME), answer);
  } else if (containsDesired(answer.body, desired)) {
    changes.push({ action: 'unchanged', subject });
  } else {
    if (!dryRun) await api.expect('PUT', paths.destination(OWN_DESTINATION_NAME), [200], desired);
    changes.push({ action: 'updated', subject, detail: shownWebhookURL(destination.url) });
  }
  return OWN_DESTINATION_NAME;
}

/**
 * Deletes the webhook destination portobserve created, if there is one. One that alerts still use
 * (409) is kept and reported.
 *
 * @example
 * ```ts
 * const change = await removeOwnDestination(context);
 * ```
 */
export async function removeOwnDestination(context: CliContext): Promise<Change | undefined> {
  const { api, paths, dryRun } = context;
  const subject = `alert destination "${OWN_DESTINATION_NAME}"`;
  const path = paths.destination(OWN_DESTINATION_NAME);
  const found = await api.request('GET', path);
  if (found.status === 404) return undefined;
  if (found.status !== 200) throw unexpectedAnswer('GET', path, found);
  if (dryRun) return { action: 'deleted', subject };
  const answer = await api.request('DELETE', path);
  if (answer.status === 409) {
    return { action: 'kept', subject, detail: 'other alerts still use it' };
  }
  if (answer.status !== 200) throw unexpectedAnswer('DELETE', path, answer);
  return { action: 'deleted', subject };
}
