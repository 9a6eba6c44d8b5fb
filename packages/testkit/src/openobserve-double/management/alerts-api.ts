import { sqlReads } from '../../openobserve-sql/columns-read-by.js';
import type { IngestAnswer } from '../ingest-request.js';
import { decodeAlert } from './alert-body.js';
import { jsonAnswer, metaAnswer, readJsonBody } from './http-answers.js';
import { isKsuid, newKsuid } from './ids.js';
import { folderParameter, type ManagementContext, type ManagementRequest } from './management-request.js';
import { DEFAULT_FOLDER, type StoredAlert } from './management-store.js';
import { provisionedColumns } from './stream-fields.js';

type Alert = Record<string, unknown>;
type Trigger = Record<string, unknown>;
type Condition = Record<string, unknown>;

/** `RE_OFGA_UNSUPPORTED_NAME` (src/config/src/utils/str.rs). */
const OFGA_UNSUPPORTED = /[:#?\s'"%&]+/;
/** `RE_ONLY_SELECT` (src/search/src/sql/mod.rs). */
const SELECT_STAR = /select[ ]+\*/i;

/**
 * `prepare_alert` (src/core/src/alerts/alert.rs): the checks, in the server's order, and the
 * normalisation it applies. Returns the alert to store, or the refusal.
 */
function prepareAlert(
  context: ManagementContext,
  org: string,
  alert: Alert,
  existing: StoredAlert | undefined,
): Alert | IngestAnswer {
  const name = String(alert.name).trim();
  if (OFGA_UNSUPPORTED.test(name)) {
    return metaAnswer(400, "Alert name cannot contain ':', '#', '?', '&', '%', quotes and space characters");
  }
  const trigger = { ...(alert.trigger_condition as Trigger) };
  if (trigger.frequency_type === 'cron') {
    return metaAnswer(400, 'test double: cron alerts are not modelled; use frequency_type minutes');
  }
  trigger.cron = '';
  // The API turns frequency minutes into seconds; 0 becomes the 60 s default, read back as 1 minute.
  if (trigger.frequency === 0) trigger.frequency = 1;
  trigger.frequency_type = 'minutes';
  if (!name || !alert.stream_name) return metaAnswer(400, 'Alert name is required');
  if (name.includes('/')) return metaAnswer(400, "Alert name cannot contain '/'");
  if (typeof alert.template === 'string' && alert.template !== '') {
    return metaAnswer(404, `Alert template ${alert.template} not found`);
  }
  const destinations = alert.destinations as string[];
  if (destinations.length === 0) return metaAnswer(400, 'Alert destination or workflows is required');
  for (const destination of destinations) {
    const found = context.store.destinations.find((d) => d.org === org && d.name === destination);
    if (!found) return metaAnswer(404, `Alert destination ${destination} not found`);
    if (found.module !== 'alert')
      return metaAnswer(
        403,
        `Destination ${destination} is a pipeline destination, not an alert destination`,
      );
  }
  const streamName = String(alert.stream_name);
  if (alert.stream_type !== 'traces' || !streamHasSchema(context, org, streamName)) {
    return metaAnswer(404, `Stream ${streamName} not found`);
  }
  const condition = alert.query_condition as Condition;
  if (alert.is_real_time && condition.type !== 'custom') {
    return metaAnswer(400, 'Realtime alert should use Custom query type');
  }
  if (condition.type === 'sql') {
    const sql = condition.sql;
    if (typeof sql !== 'string' || sql === '')
      return metaAnswer(400, 'Alert with SQL mode should have a query');
    if (SELECT_STAR.test(sql))
      return metaAnswer(400, 'Alert with SQL can not contain SELECT * in the SQL query');
    try {
      sqlReads(sql);
    } catch (error) {
      return metaAnswer(500, `Error resolving stream names in SQL query: ${(error as Error).message}`);
    }
  }
  return {
    ...alert,
    name,
    org_id: org,
    trigger_condition: trigger,
    owner: existing ? (existing.alert.owner ?? null) : alert.owner || context.email,
    last_edited_by: context.email,
    updated_at: Math.floor(Date.now() / 1000),
    last_triggered_at: existing ? (existing.alert.last_triggered_at ?? null) : null,
    last_satisfied_at: existing ? (existing.alert.last_satisfied_at ?? null) : null,
  };
}

/** `infra::schema::get` has fields: the stream has data (or fields added to it). */
function streamHasSchema(context: ManagementContext, org: string, stream: string): boolean {
  return (
    context.streamRows(org, stream).length > 0 ||
    Object.keys(provisionedColumns(context.store, org, stream)).length > 0
  );
}

/** A refusal rather than an alert: the answers carry a numeric status, alerts never do. */
function isRefusal(value: Alert | IngestAnswer): value is IngestAnswer {
  return typeof value.status === 'number' && typeof value.body === 'string';
}

/** The alerts table is unique on (org, stream_type, stream_name, name); a clash is a database error. */
function nameTaken(context: ManagementContext, org: string, alert: Alert, exceptId?: string): boolean {
  return context.store.alerts.some(
    (a) =>
      a.org === org &&
      a.id !== exceptId &&
      a.alert.name === alert.name &&
      a.alert.stream_type === alert.stream_type &&
      a.alert.stream_name === alert.stream_name,
  );
}

function listItem(context: ManagementContext, stored: StoredAlert) {
  const { alert } = stored;
  return {
    alert_id: stored.id,
    folder_id: stored.folderId,
    folder_name: context.store.folder(stored.org, 'alerts', stored.folderId)?.name ?? stored.folderId,
    name: alert.name,
    owner: alert.owner,
    description: alert.description,
    alert_type: alert.is_real_time ? 'realtime' : 'scheduled',
    condition: alert.query_condition,
    trigger_condition: alert.trigger_condition,
    enabled: alert.enabled,
    last_triggered_at: alert.last_triggered_at,
    last_satisfied_at: alert.last_satisfied_at,
    is_real_time: alert.is_real_time,
  };
}

/**
 * `/api/v2/{org}/alerts[/{id}]` for scheduled and real-time alerts, as OpenObserve answers it
 * (src/api/management/src/request/alerts/mod.rs, src/core/src/alerts/alert.rs, src/core/src/http.rs):
 * a destination is required and must exist, the stream must have data, SQL alerts need SQL without
 * `SELECT *`, ids are KSUIDs.
 *
 * @example
 * ```ts
 * handleAlerts(context, { method: 'POST', org: 'default', params: ['alerts'], ... });
 * ```
 */
export function handleAlerts(context: ManagementContext, request: ManagementRequest): IngestAnswer {
  const { store } = context;
  const id = request.params[1];
  if (id === undefined) {
    if (request.method === 'GET') {
      const folder = request.query.get('folder');
      const nameSubstring = request.query.get('alert_name_substring')?.toLowerCase();
      const listed = store.alerts.filter(
        (a) =>
          a.org === request.org &&
          (folder === null || a.folderId === folder) &&
          (!nameSubstring || String(a.alert.name).toLowerCase().includes(nameSubstring)),
      );
      return jsonAnswer(200, { list: listed.map((a) => listItem(context, a)) });
    }
    const decoded = readJsonBody(request.contentType, request.body, decodeAlert);
    const folderId = folderParameter(request.query);
    if (!store.folder(request.org, 'alerts', folderId)) {
      if (folderId !== DEFAULT_FOLDER)
        return metaAnswer(404, 'Error creating alert in folder that cannot be found');
      store.ensureDefaultFolder(request.org, 'alerts');
    }
    if (
      typeof decoded.id === 'string' &&
      store.alerts.some((a) => a.org === request.org && a.id === decoded.id)
    ) {
      return metaAnswer(409, 'Alert already exists');
    }
    const prepared = prepareAlert(context, request.org, decoded, undefined);
    if (isRefusal(prepared)) return prepared;
    if (nameTaken(context, request.org, prepared)) {
      return metaAnswer(
        500,
        'DbError# UNIQUE constraint failed: alerts.org, alerts.stream_type, alerts.stream_name, alerts.name',
      );
    }
    const alertId = newKsuid();
    store.alerts.push({ org: request.org, folderId, id: alertId, alert: { ...prepared, id: alertId } });
    return metaAnswer(200, 'Alert saved', { id: alertId, name: String(prepared.name) });
  }

  if (!isKsuid(id)) return metaAnswer(404, `invalid alert id ${id}`);
  const existing = store.alerts.find((a) => a.org === request.org && a.id === id);
  if (request.method === 'PUT') {
    const decoded = readJsonBody(request.contentType, request.body, decodeAlert);
    if (!existing) return metaAnswer(404, `alert ${id} not found`);
    const prepared = prepareAlert(context, request.org, decoded, existing);
    if (isRefusal(prepared)) return prepared;
    if (nameTaken(context, request.org, prepared, id)) {
      return metaAnswer(
        500,
        'DbError# UNIQUE constraint failed: alerts.org, alerts.stream_type, alerts.stream_name, alerts.name',
      );
    }
    existing.alert = { ...prepared, id };
    return metaAnswer(200, 'Alert Updated');
  }
  if (!existing) return metaAnswer(404, `alert ${id} not found`);
  if (request.method === 'GET') return jsonAnswer(200, existing.alert);
  store.alerts.splice(store.alerts.indexOf(existing), 1);
  return metaAnswer(200, 'Alert deleted');
}
