import type { CliContext } from './cli-context.js';
import { CliError } from './cli-error.js';

/**
 * Checks that the URL, organization and token reach OpenObserve's management API before anything
 * else, so a wrong `OPENOBSERVE_URL` is reported as such rather than as a missing folder.
 *
 * @example
 * ```ts
 * await probeOpenObserve(context); // throws CliError('OPENOBSERVE_NOT_FOUND', …) on a 404
 * ```
 */
export async function probeOpenObserve(context: CliContext): Promise<void> {
  const path = context.paths.folders('dashboards');
  const answer = await context.api.request('GET', path);
  if (answer.status === 200) return;
  if (answer.status === 404) {
    throw new CliError(
      'OPENOBSERVE_NOT_FOUND',
      `OpenObserve answered 404 to GET ${context.connection.baseUrl}${path}: set OPENOBSERVE_URL to the base URL of OpenObserve (like http://localhost:5080, without /web or /api) and OPENOBSERVE_ORG to an existing organization (now "${context.connection.org}").`,
    );
  }
  throw new CliError(
    'OPENOBSERVE_REFUSED',
    `OpenObserve answered ${answer.status} to GET ${path}; is OPENOBSERVE_URL (${context.connection.baseUrl}) an OpenObserve server?`,
  );
}
