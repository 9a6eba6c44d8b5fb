import { packageBuildConfig } from '../../tsup.shared.js';

// The gateway spawner resolves its script from import.meta.url, which the CJS build needs shimmed.
export default packageBuildConfig({ shims: true });
