import type { IngestAnswer } from '../ingest-request.js';
import { dashboardHash, parseHash } from './dashboard-hash.js';
import { dashboardImportProblems } from './dashboard-import-rules.js';
import { decodeDashboardV8 } from './dashboard-v8.js';
import { jsonAnswer, metaAnswer, readJsonBody } from './http-answers.js';
import { newSnowflakeId } from './ids.js';
import { folderParameter, type ManagementContext, type ManagementRequest } from './management-request.js';
import { DEFAULT_FOLDER, type StoredDashboard } from './management-store.js';
import { SerdeError } from './serde-decoder.js';

const LATEST_VERSION = 8;
const EMPTY_VERSIONS = { v1: null, v2: null, v3: null, v4: null, v5: null, v6: null, v7: null };

/** `DashboardResponseBody`: every version slot, the one in use filled, plus version, hash and updatedAt. */
function dashboardView(dashboard: StoredDashboard) {
  return {
    ...EMPTY_VERSIONS,
    v8: dashboard.v8,
    version: LATEST_VERSION,
    hash: dashboard.hash,
    updatedAt: dashboard.updatedAt,
  };
}

function readDashboard(request: ManagementRequest): Record<string, unknown> {
  return readJsonBody(request.contentType, request.body, (value) => {
    const version = (value as { version?: unknown } | null)?.version;
    const chosen = typeof version === 'number' && Number.isInteger(version) ? version : LATEST_VERSION;
    if (chosen < 1 || chosen > LATEST_VERSION) throw new SerdeError(`unsupported version: ${chosen}`);
    if (chosen !== LATEST_VERSION) {
      throw new SerdeError(`the test double reads version 8 dashboards only, got version ${chosen}`);
    }
    return decodeDashboardV8(value, () => new Date().toISOString());
  });
}

/** The double is stricter than the API here: it also refuses what the UI's import would refuse. */
function uiProblems(v8: Record<string, unknown>): IngestAnswer | undefined {
  const problems = dashboardImportProblems(
    { ...v8, version: v8.version || LATEST_VERSION },
    { forImport: false },
  );
  return problems.length === 0
    ? undefined
    : metaAnswer(400, `test double: OpenObserve's UI would refuse this dashboard: ${problems.join('; ')}`);
}

function save(
  context: ManagementContext,
  v8: Record<string, unknown>,
  place: { org: string; folderId: string; dashboardId: string },
): StoredDashboard | IngestAnswer {
  const title = String(v8.title ?? '').trim();
  if (!title) return metaAnswer(500, 'Dashboard should have title');
  const stored = { ...v8, dashboardId: place.dashboardId, title, owner: v8.owner || context.email };
  return {
    ...place,
    v8: stored,
    hash: dashboardHash(stored),
    updatedAt: Date.now() * 1000,
  };
}

/**
 * `/api/{org}/dashboards[/{id}]` as OpenObserve answers it (src/api/management/src/request/dashboards,
 * src/core/src/dashboards/mod.rs, src/core/src/http.rs): create assigns the id, an unknown folder is
 * a 404 (`default` is created on first use), an update needs `folder` and the current `hash`
 * (missing or unparsable → 500, stale → 409), an empty title is a 500.
 *
 * @example
 * ```ts
 * handleDashboards(context, { method: 'POST', org: 'default', params: ['dashboards'], ... });
 * ```
 */
export function handleDashboards(context: ManagementContext, request: ManagementRequest): IngestAnswer {
  const { store } = context;
  const id = request.params[1];
  const inOrg = store.dashboards.filter((d) => d.org === request.org);

  if (id === undefined) {
    if (request.method === 'GET') {
      const title = request.query.get('title');
      const folderId = request.query.get('folder') ?? (title ? undefined : DEFAULT_FOLDER);
      const listed = inOrg.filter(
        (d) =>
          (folderId === undefined || d.folderId === folderId) &&
          (!title || String(d.v8.title).toLowerCase().includes(title.toLowerCase())),
      );
      return jsonAnswer(200, {
        dashboards: listed.map((d) => {
          const folder = store.folder(d.org, 'dashboards', d.folderId);
          return {
            ...dashboardView(d),
            folder_id: d.folderId,
            folder_name: folder?.name ?? d.folderId,
            dashboard_id: d.dashboardId,
            title: d.v8.title,
            description: d.v8.description,
            role: d.v8.role,
            owner: d.v8.owner,
            created: d.v8.created,
          };
        }),
      });
    }
    const v8 = readDashboard(request);
    const refused = uiProblems(v8);
    if (refused) return refused;
    const folderId = folderParameter(request.query);
    if (!store.folder(request.org, 'dashboards', folderId)) {
      if (folderId !== DEFAULT_FOLDER) return metaAnswer(404, 'Folder not found');
      store.ensureDefaultFolder(request.org, 'dashboards');
    }
    const saved = save(context, v8, { org: request.org, folderId, dashboardId: newSnowflakeId() });
    if ('status' in saved) return saved;
    store.dashboards.push(saved);
    return jsonAnswer(200, dashboardView(saved));
  }

  const existing = inOrg.find((d) => d.dashboardId === id);
  if (request.method === 'PUT') {
    const v8 = readDashboard(request);
    if (!existing) return metaAnswer(404, 'Dashboard not found');
    const folderId = folderParameter(request.query);
    if (existing.folderId !== folderId) return metaAnswer(404, 'Dashboard not found');
    const hash = parseHash(request.query.get('hash'));
    if (hash === undefined) {
      return metaAnswer(500, 'Request to update existing dashboard with missing or invalid hash value. BUG');
    }
    if (hash.toString() !== existing.hash) {
      return metaAnswer(
        409,
        'Conflict: Failed to save due to concurrent changes. Please refresh the page after backing up your work to avoid losing changes.',
      );
    }
    const refused = uiProblems(v8);
    if (refused) return refused;
    const saved = save(context, v8, { org: request.org, folderId, dashboardId: id });
    if ('status' in saved) return saved;
    store.dashboards[store.dashboards.indexOf(existing)] = saved;
    return jsonAnswer(200, dashboardView(saved));
  }
  if (!existing) return metaAnswer(404, 'Dashboard not found');
  if (request.method === 'GET') return jsonAnswer(200, dashboardView(existing));
  store.dashboards.splice(store.dashboards.indexOf(existing), 1);
  return metaAnswer(200, 'Dashboard deleted');
}
