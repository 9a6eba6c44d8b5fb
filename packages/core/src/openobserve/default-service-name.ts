import { readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';

/**
 * The app's own name for `service.name`: the `name` of the nearest package.json above the working
 * directory, else the entry script's file name, else `node-app`. Never `unknown_service`.
 */
export function defaultServiceName(startDirectory: string = process.cwd()): string {
  let directory = startDirectory;
  for (let depth = 0; depth < 20; depth++) {
    const name = readPackageName(join(directory, 'package.json'));
    if (name) return name;
    const parent = dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  const entry = process.argv[1];
  if (entry) {
    const script = basename(entry, extname(entry));
    if (script && script !== 'index') return script;
  }
  return 'node-app';
}

function readPackageName(path: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (parsed && typeof parsed === 'object' && 'name' in parsed && typeof parsed.name === 'string') {
      return parsed.name.trim() || undefined;
    }
  } catch {
    // No readable package.json here: keep walking up.
  }
  return undefined;
}
