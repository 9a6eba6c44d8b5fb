import { appBuildConfig } from '../../tsup.shared.js';

// telemetry.js is loaded first (`node --import ./dist/telemetry.js dist/server.js`); the module they
// share (local-defaults) becomes one chunk, so both see the same local stack.
export default appBuildConfig({ entry: ['src/telemetry.ts', 'src/server.ts'], splitting: true });
