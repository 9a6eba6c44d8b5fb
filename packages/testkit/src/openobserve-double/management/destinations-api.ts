import type { IngestAnswer } from '../ingest-request.js';
import { jsonAnswer, metaAnswer, readJsonBody } from './http-answers.js';
import type { ManagementContext, ManagementRequest } from './management-request.js';
import type { StoredDestination } from './management-store.js';
import {
  anyJson,
  arrayOf,
  boolean,
  mapOf,
  oneOf,
  optional,
  string,
  struct,
  withDefault,
} from './serde-decoder.js';
import { ssrfProblem } from './ssrf-check.js';

const OFGA_UNSUPPORTED = /[:#?\s'"%&]+/;

/** `Destination` of the HTTP API (src/api/management/src/models/destinations.rs). */
const destinationBody = struct({
  name: withDefault(string, () => ''),
  url: withDefault(string, () => ''),
  method: withDefault(oneOf(['post', 'put', 'get']), () => 'post'),
  skip_tls_verify: withDefault(boolean, () => false),
  headers: optional(mapOf(string)),
  template: optional(string),
  emails: withDefault(arrayOf(string), () => []),
  sns_topic_arn: optional(string),
  aws_region: optional(string),
  type: withDefault(oneOf(['http', 'email', 'sns']), () => 'http'),
  output_format: optional(anyJson),
  destination_type_name: optional(string),
  metadata: withDefault(mapOf(string), () => ({})),
});

/** `destinations::save` (src/core/src/alerts/destinations.rs): checks by type, then the name. */
function validate(
  context: ManagementContext,
  destination: Record<string, unknown>,
): IngestAnswer | undefined {
  if (destination.type === 'http') {
    if (destination.url === '') return metaAnswer(400, 'HTTP destination must have a url');
    const problem = context.allowPrivateDestinations ? undefined : ssrfProblem(String(destination.url));
    if (problem) return metaAnswer(400, `Destination URL blocked by SSRF guard: ${problem}`);
  } else if (destination.type === 'email') {
    if ((destination.emails as string[]).length === 0) {
      return metaAnswer(400, 'Email destination must have at least one email recipient');
    }
    return metaAnswer(400, 'Email destination must have SMTP configured');
  } else if (!destination.sns_topic_arn || !destination.aws_region) {
    return metaAnswer(400, 'SNS destination must have Topic ARN and Region');
  }
  const name = String(destination.name);
  if (!name) return metaAnswer(400, 'Destination name cannot be empty');
  if (name.includes('/') || OFGA_UNSUPPORTED.test(name)) {
    return metaAnswer(
      400,
      "Destination name cannot contain ':', '#', '?', '&', '%', '/', quotes and space characters",
    );
  }
  return undefined;
}

/**
 * `/api/{org}/alerts/destinations[/{name}]` as OpenObserve answers it
 * (src/api/management/src/request/alerts/destinations.rs): names are unique, webhook URLs pass the
 * SSRF guard, a destination an alert uses cannot be deleted (409). Email needs SMTP, which the
 * double does not have.
 *
 * @example
 * ```ts
 * handleDestinations(context, { method: 'POST', org: 'default', params: ['alerts', 'destinations'], ... });
 * ```
 */
export function handleDestinations(context: ManagementContext, request: ManagementRequest): IngestAnswer {
  const { store } = context;
  const name = request.params[2];
  const inOrg = store.destinations.filter((d) => d.org === request.org);
  const existing = name === undefined ? undefined : inOrg.find((d) => d.name === name);

  if (request.method === 'GET') {
    if (name === undefined) {
      const module = request.query.get('module');
      return jsonAnswer(
        200,
        inOrg.filter((d) => module === null || d.module === module).map((d) => d.destination),
      );
    }
    return existing ? jsonAnswer(200, existing.destination) : metaAnswer(404, 'Destination not found');
  }
  if (request.method === 'DELETE') {
    const user = store.alerts.find(
      (a) => a.org === request.org && (a.alert.destinations as string[]).includes(String(name)),
    );
    if (user) return metaAnswer(409, `Destination is currently used by alert: ${String(user.alert.name)}`);
    if (!existing) return metaAnswer(404, 'Destination not found');
    store.destinations.splice(store.destinations.indexOf(existing), 1);
    return metaAnswer(200, 'Alert destination deleted');
  }

  const destination = readJsonBody(request.contentType, request.body, (v) =>
    destinationBody(v, 'destination'),
  ) as Record<string, unknown>;
  const module = request.query.get('module') === 'pipeline' ? 'pipeline' : 'alert';
  if (name !== undefined) destination.name = name;
  destination.name = String(destination.name).trim();
  const refused = validate(context, destination);
  if (refused) return refused;
  const clash = inOrg.find((d) => d.name === destination.name);
  if (name === undefined) {
    if (clash) return metaAnswer(400, 'Destination with the same name already exists');
    const stored: StoredDestination = {
      org: request.org,
      name: String(destination.name),
      module,
      destination,
    };
    store.destinations.push(stored);
    return metaAnswer(200, 'Destination saved', { id: '', name: stored.name });
  }
  if (!clash) return metaAnswer(404, 'Destination not found');
  Object.assign(clash, { module, destination });
  return metaAnswer(200, 'Destination updated');
}
