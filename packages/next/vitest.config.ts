import { workspaceTestConfig } from '../../vitest.shared';

export default workspaceTestConfig({ fileParallelism: true });
