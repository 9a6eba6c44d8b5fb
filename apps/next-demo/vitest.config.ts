import { workspaceTestConfig } from '../../vitest.shared.js';

// Each file starts its own `next start` and services; one at a time keeps 2 CPUs from thrashing.
export default workspaceTestConfig({ include: ['test/**/*.test.ts'] });
