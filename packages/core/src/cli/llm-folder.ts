import type { Change } from './change.js';
import type { CliContext } from './cli-context.js';
import { unexpectedAnswer } from './openobserve-api.js';

/** The folder (one for dashboards, one for alerts) everything is installed in. */
export const FOLDER_NAME = 'LLM calls';
/** The description that marks a folder as created by portobserve: only such a folder is ever deleted. */
export const FOLDER_DESCRIPTION =
  'LLM calls traced by portobserve. Created by npx portobserve openobserve install; npx portobserve openobserve uninstall removes it.';

/** A folder as the folders API returns it. */
export interface Folder {
  folderId: string;
  name: string;
  description: string;
}

/**
 * The "LLM calls" folder of this type, or `undefined` when there is none.
 *
 * @example
 * ```ts
 * const folder = await findLlmFolder(context, 'dashboards');
 * ```
 */
export async function findLlmFolder(
  context: CliContext,
  type: 'dashboards' | 'alerts',
): Promise<Folder | undefined> {
  const path = context.paths.folderByName(type, FOLDER_NAME);
  const answer = await context.api.request('GET', path);
  if (answer.status === 404) return undefined;
  if (answer.status !== 200) throw unexpectedAnswer('GET', path, answer);
  return answer.body as Folder;
}

/**
 * Finds or creates the "LLM calls" folder and returns its id; `undefined` in a dry run that would
 * create it. An existing folder of that name is used as it is (and kept on uninstall).
 *
 * @example
 * ```ts
 * const folderId = await ensureLlmFolder(context, 'dashboards', changes);
 * ```
 */
export async function ensureLlmFolder(
  context: CliContext,
  type: 'dashboards' | 'alerts',
  changes: Change[],
): Promise<string | undefined> {
  const subject = `${type === 'dashboards' ? 'dashboard' : 'alert'} folder "${FOLDER_NAME}"`;
  const existing = await findLlmFolder(context, type);
  if (existing) {
    changes.push({ action: 'unchanged', subject });
    return existing.folderId;
  }
  changes.push({ action: 'created', subject });
  if (context.dryRun) return undefined;
  const created = (await context.api.expect('POST', context.paths.folders(type), [200], {
    name: FOLDER_NAME,
    description: FOLDER_DESCRIPTION,
  })) as Folder;
  return created.folderId;
}
