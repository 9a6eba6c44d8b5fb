import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, parse } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = '@portkey-ai/gateway';
const SERVER_SCRIPT = join('build', 'start-server.js');

/**
 * A file path inside this module's package, in both builds: `import.meta.url` in ESM; in the CJS
 * bundle tsup leaves `import.meta` empty, so `__filename` is used; the working directory last.
 */
function moduleFile(): string {
  const metaUrl: unknown = import.meta.url;
  if (typeof metaUrl === 'string' && metaUrl.startsWith('file:')) return fileURLToPath(metaUrl);
  if (typeof __filename === 'string') return __filename;
  return join(process.cwd(), 'index.js');
}

function viaRequire(from: string): string | undefined {
  try {
    return dirname(createRequire(from).resolve(`${PACKAGE}/package.json`));
  } catch {
    return undefined;
  }
}

function viaNodeModules(startDir: string): string | undefined {
  for (let dir = startDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', PACKAGE);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === parse(dir).root) return undefined;
  }
}

/**
 * Absolute path of the installed gateway's `build/start-server.js` (the package has no exports
 * map, so its `package.json` is resolved from this package, then `node_modules` folders are walked
 * up from this file and from the working directory).
 *
 * @example
 * ```ts
 * spawn(process.execPath, [resolveGatewayScript(), '--port=8787', '--headless']);
 * ```
 */
export function resolveGatewayScript(): string {
  const file = moduleFile();
  const candidates = [
    () => viaRequire(file),
    () => viaNodeModules(dirname(file)),
    () => viaRequire(join(process.cwd(), 'index.js')),
    () => viaNodeModules(process.cwd()),
  ];
  for (const candidate of candidates) {
    const dir = candidate();
    if (dir !== undefined && existsSync(join(dir, SERVER_SCRIPT))) return join(dir, SERVER_SCRIPT);
  }
  throw new Error(
    `Cannot find ${PACKAGE}/${SERVER_SCRIPT}; is ${PACKAGE} installed next to @portobserve/testkit?`,
  );
}
