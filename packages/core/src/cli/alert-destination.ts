import type { Environment } from '../openobserve/read-env.js';
import { readEnvString } from '../openobserve/read-env.js';
import { CliError } from './cli-error.js';

/** Where the alerts send notifications. */
export type AlertDestination =
  /** A destination that already exists in OpenObserve; portobserve never changes or deletes it. */
  | { kind: 'name'; name: string }
  /** A webhook portobserve creates as {@link OWN_DESTINATION_NAME} and removes on uninstall. */
  | { kind: 'url'; url: string };

/** The name of the webhook destination portobserve creates from a URL. */
export const OWN_DESTINATION_NAME = 'portobserve_llm_alerts';

/** OpenObserve's rule for destination names (no `/`, `:#?&%`, quotes or spaces). */
const UNSUPPORTED_NAME = /[/:#?\s'"%&]/;

/**
 * Reads `--alert-destination` (or `PORTOBSERVE_ALERT_DESTINATION`): an https URL, or the name of an
 * existing OpenObserve alert destination. `undefined` when neither is set.
 *
 * @example
 * ```ts
 * resolveAlertDestination('https://hooks.slack.com/services/T/B/x', {}); // { kind: 'url', url: 'https://hooks.slack.com/…' }
 * resolveAlertDestination(undefined, { PORTOBSERVE_ALERT_DESTINATION: 'oncall' }); // { kind: 'name', name: 'oncall' }
 * ```
 */
export function resolveAlertDestination(
  flag: string | undefined,
  env: Environment,
): AlertDestination | undefined {
  const fromFlag = flag?.trim();
  const raw = fromFlag || readEnvString(env, 'PORTOBSERVE_ALERT_DESTINATION');
  if (!raw) return undefined;
  const source = fromFlag ? '--alert-destination' : 'PORTOBSERVE_ALERT_DESTINATION';
  if (/^[a-z][a-z0-9+.-]*:/i.test(raw)) {
    let url: URL | undefined;
    try {
      url = new URL(raw);
    } catch {
      url = undefined;
    }
    if (url?.protocol !== 'https:' || !url.hostname) {
      throw new CliError(
        'INVALID_ALERT_DESTINATION',
        `${source}="${shownWebhookURL(raw)}" is not an https URL: pass an https:// webhook URL (portobserve creates a destination for it) or the name of an alert destination that exists in OpenObserve.`,
      );
    }
    return { kind: 'url', url: url.toString() };
  }
  if (UNSUPPORTED_NAME.test(raw)) {
    throw new CliError(
      'INVALID_ALERT_DESTINATION',
      `${source}="${raw}" is neither an https URL nor an OpenObserve destination name (names have no spaces, '/', ':', '#', '?', '&', '%' or quotes).`,
    );
  }
  return { kind: 'name', name: raw };
}

/**
 * A webhook URL as the CLI prints it: scheme and host only. Its path and query often are the secret
 * (a Slack or Teams webhook's token), and the CLI's output ends up in CI logs.
 *
 * @example
 * ```ts
 * shownWebhookURL('https://hooks.slack.com/services/T0/B0/x'); // 'https://hooks.slack.com/…'
 * ```
 */
export function shownWebhookURL(raw: string): string {
  try {
    const url = new URL(raw);
    const hidden = url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '';
    return `${url.protocol}//${url.host}${hidden ? '/…' : ''}`;
  } catch {
    return `${raw.slice(0, raw.indexOf(':') + 1)}…`;
  }
}
