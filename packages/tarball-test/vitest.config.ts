import { workspaceTestConfig } from '../../vitest.shared.js';

// Each app is installed in beforeAll (npm extracts Next.js, ~200 MB): allow for a slow disk.
export default workspaceTestConfig({ testTimeout: 60_000 });
