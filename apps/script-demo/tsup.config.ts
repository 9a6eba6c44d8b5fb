import { appBuildConfig } from '../../tsup.shared.js';

export default appBuildConfig({ entry: ['src/main.ts'] });
