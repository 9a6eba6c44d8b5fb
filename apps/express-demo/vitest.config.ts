import { workspaceTestConfig } from '../../vitest.shared';

export default workspaceTestConfig({ include: ['test/**/*.test.ts'], fileParallelism: true });
