import type { IngestAnswer } from '../ingest-request.js';
import { jsonAnswer, metaAnswer, readJsonBody } from './http-answers.js';
import { newSnowflakeId } from './ids.js';
import type { ManagementContext, ManagementRequest } from './management-request.js';
import { DEFAULT_FOLDER, type FolderType, type StoredFolder } from './management-store.js';
import { required, string, struct, withDefault } from './serde-decoder.js';

const FOLDER_TYPES: readonly FolderType[] = ['dashboards', 'alerts', 'reports', 'synthetics'];
const createBody = struct({ name: required(string), description: required(string) });
const updateBody = struct({
  folderId: withDefault(string, () => ''),
  name: required(string),
  description: required(string),
});

const view = (folder: StoredFolder) => ({
  folderId: folder.folderId,
  name: folder.name,
  description: folder.description,
});

/**
 * `/api/v2/{org}/folders/{type}[/{id} | /name/{name}]` as OpenObserve answers it
 * (src/api/management/src/request/folders.rs, src/db/src/folders.rs): names are unique per type,
 * the `default` folder cannot be updated, a folder holding dashboards or alerts cannot be deleted.
 *
 * @example
 * ```ts
 * handleFolders(context, { method: 'GET', org: 'default', params: ['folders', 'dashboards'], ... });
 * ```
 */
export function handleFolders(context: ManagementContext, request: ManagementRequest): IngestAnswer {
  const { store } = context;
  const [, typeText, third, fourth] = request.params;
  const type = FOLDER_TYPES.find((t) => t === typeText);
  if (type === undefined) {
    return { status: 400, headers: {}, body: `Invalid URL: unknown variant \`${typeText}\`` };
  }
  const inOrg = store.folders.filter((f) => f.org === request.org && f.type === type);

  if (third === undefined) {
    if (request.method === 'GET') return jsonAnswer(200, { list: inOrg.map(view) });
    const body = readJsonBody(request.contentType, request.body, (v) => createBody(v, 'folder')) as {
      name: string;
      description: string;
    };
    const name = body.name.trim();
    if (!name) return metaAnswer(400, 'Folder name cannot be empty');
    if (inOrg.some((f) => f.name === name)) {
      return metaAnswer(400, 'Folder with this name already exists in this organization');
    }
    const folder: StoredFolder = {
      org: request.org,
      type,
      folderId: newSnowflakeId(),
      name,
      description: body.description,
    };
    store.folders.push(folder);
    return jsonAnswer(200, view(folder));
  }

  if (third === 'name' && fourth !== undefined) {
    const folder = inOrg.find((f) => f.name === fourth);
    return folder ? jsonAnswer(200, view(folder)) : metaAnswer(404, 'Folder not found');
  }

  const folder = inOrg.find((f) => f.folderId === third);
  if (request.method === 'GET')
    return folder ? jsonAnswer(200, view(folder)) : metaAnswer(404, 'Folder not found');
  if (request.method === 'PUT') {
    const body = readJsonBody(request.contentType, request.body, (v) => updateBody(v, 'folder')) as {
      name: string;
      description: string;
    };
    if (third === DEFAULT_FOLDER) return metaAnswer(400, "Can't update default folder");
    if (inOrg.some((f) => f.name === body.name && f.folderId !== third)) {
      return metaAnswer(400, 'Folder with this name already exists in this organization');
    }
    if (folder) Object.assign(folder, { name: body.name, description: body.description });
    else
      store.folders.push({
        org: request.org,
        type,
        folderId: third,
        name: body.name,
        description: body.description,
      });
    return metaAnswer(200, 'Folder updated');
  }
  // DELETE: content first, then existence (src/db/src/folders.rs delete_folder).
  if (type === 'dashboards' && store.dashboards.some((d) => d.org === request.org && d.folderId === third)) {
    return metaAnswer(400, 'Folder contains dashboards, please move/delete dashboards from folder');
  }
  if (type === 'alerts' && store.alerts.some((a) => a.org === request.org && a.folderId === third)) {
    return metaAnswer(400, 'Folder contains alerts, please move/delete alerts from folder');
  }
  if (!folder) return metaAnswer(404, 'Folder not found');
  store.folders.splice(store.folders.indexOf(folder), 1);
  return metaAnswer(200, 'Folder deleted');
}
