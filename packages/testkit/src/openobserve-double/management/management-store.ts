/** Folder kinds of the v2 folders API. */
export type FolderType = 'dashboards' | 'alerts' | 'reports' | 'synthetics';

/** A folder as the folders API shows it. */
export interface StoredFolder {
  org: string;
  type: FolderType;
  folderId: string;
  name: string;
  description: string;
}

/** A dashboard as stored: the v8 struct written back, and its content hash. */
export interface StoredDashboard {
  org: string;
  folderId: string;
  dashboardId: string;
  v8: Record<string, unknown>;
  hash: string;
  updatedAt: number;
}

/** An alert in the v2 API's form (what GET answers), plus where it lives. */
export interface StoredAlert {
  org: string;
  folderId: string;
  id: string;
  alert: Record<string, unknown>;
}

/** An alert destination in the API's form. */
export interface StoredDestination {
  org: string;
  name: string;
  /** `alert` or `pipeline` (the `module` query parameter at creation). */
  module: 'alert' | 'pipeline';
  destination: Record<string, unknown>;
}

/** A column added to a stream's schema with `update_fields` before any row has it. */
export interface ProvisionedField {
  org: string;
  stream: string;
  name: string;
  /** Arrow type name as the API takes it: `Utf8`, `Int64`, `Float64`, ... */
  dataType: string;
}

/** The folder every organization has (created on first use). */
export const DEFAULT_FOLDER = 'default';

/**
 * What the management APIs of the double hold, per organization.
 *
 * @example
 * ```ts
 * const store = new ManagementStore();
 * store.ensureDefaultFolder('default', 'dashboards');
 * store.folders.length; // 1
 * ```
 */
export class ManagementStore {
  folders: StoredFolder[] = [];
  dashboards: StoredDashboard[] = [];
  alerts: StoredAlert[] = [];
  destinations: StoredDestination[] = [];
  provisionedFields: ProvisionedField[] = [];

  folder(org: string, type: FolderType, folderId: string): StoredFolder | undefined {
    return this.folders.find((f) => f.org === org && f.type === type && f.folderId === folderId);
  }

  /** Creates the `default` folder of this type the first time something goes into it. */
  ensureDefaultFolder(org: string, type: FolderType): void {
    if (!this.folder(org, type, DEFAULT_FOLDER)) {
      this.folders.push({
        org,
        type,
        folderId: DEFAULT_FOLDER,
        name: DEFAULT_FOLDER,
        description: DEFAULT_FOLDER,
      });
    }
  }

  clear(): void {
    this.folders = [];
    this.dashboards = [];
    this.alerts = [];
    this.destinations = [];
    this.provisionedFields = [];
  }
}
