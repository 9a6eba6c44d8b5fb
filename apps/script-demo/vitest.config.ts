import { workspaceTestConfig } from '../../vitest.shared';

export default workspaceTestConfig({ include: ['test/**/*.test.ts'], testTimeout: 60_000 });
