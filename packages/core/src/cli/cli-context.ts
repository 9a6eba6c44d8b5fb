import type { ConnectionSettings } from './connection-settings.js';
import type { OpenObserveApi } from './openobserve-api.js';
import type { OpenObservePaths } from './openobserve-paths.js';

/** What every install and uninstall step works with. */
export interface CliContext {
  api: OpenObserveApi;
  paths: OpenObservePaths;
  connection: ConnectionSettings;
  /** Read everything, change nothing; the report says what would change. */
  dryRun: boolean;
}
