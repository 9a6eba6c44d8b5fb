/** One path segment, URL-encoded. */
const seg = (value: string): string => encodeURIComponent(value);

/**
 * The OpenObserve management API paths the CLI uses, per organization.
 *
 * @example
 * ```ts
 * openobservePaths('default').dashboards('7'); // '/api/default/dashboards?folder=7'
 * ```
 */
export function openobservePaths(org: string) {
  const o = seg(org);
  return {
    folders: (type: 'dashboards' | 'alerts') => `/api/v2/${o}/folders/${type}`,
    folderByName: (type: 'dashboards' | 'alerts', name: string) =>
      `/api/v2/${o}/folders/${type}/name/${seg(name)}`,
    folder: (type: 'dashboards' | 'alerts', id: string) => `/api/v2/${o}/folders/${type}/${seg(id)}`,
    dashboards: (folderId: string) => `/api/${o}/dashboards?folder=${seg(folderId)}`,
    dashboard: (id: string) => `/api/${o}/dashboards/${seg(id)}`,
    updateDashboard: (id: string, folderId: string, hash: string) =>
      `/api/${o}/dashboards/${seg(id)}?folder=${seg(folderId)}&hash=${seg(hash)}`,
    alertsNamed: (substring: string) => `/api/v2/${o}/alerts?alert_name_substring=${seg(substring)}`,
    alertsInFolder: (folderId: string) => `/api/v2/${o}/alerts?folder=${seg(folderId)}`,
    createAlert: (folderId: string) => `/api/v2/${o}/alerts?folder=${seg(folderId)}`,
    alert: (id: string) => `/api/v2/${o}/alerts/${seg(id)}`,
    destinations: () => `/api/${o}/alerts/destinations`,
    destination: (name: string) => `/api/${o}/alerts/destinations/${seg(name)}`,
    streamSchema: (stream: string) => `/api/${o}/streams/${seg(stream)}/schema?type=traces`,
    streamFields: (stream: string) => `/api/${o}/streams/${seg(stream)}/update_fields?type=traces`,
  };
}

/** The paths of one organization. */
export type OpenObservePaths = ReturnType<typeof openobservePaths>;
