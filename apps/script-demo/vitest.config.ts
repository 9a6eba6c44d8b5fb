import { workspaceTestConfig } from '../../vitest.shared.js';

export default workspaceTestConfig({ include: ['test/**/*.test.ts'], testTimeout: 60_000 });
