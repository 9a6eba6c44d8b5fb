import { workspaceTestConfig } from '../../vitest.shared.js';

// Every file starts the real gateway; AI SDK 7 and LangChain run in Node 22 child processes.
export default workspaceTestConfig({ include: ['test/**/*.test.ts'], testTimeout: 60_000 });
