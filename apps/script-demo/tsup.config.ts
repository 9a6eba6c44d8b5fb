import { appBuildConfig } from '../../tsup.shared';

export default appBuildConfig({ entry: ['src/main.ts'] });
