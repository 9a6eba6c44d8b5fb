import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The fields of a package.json that core reads. */
export interface PackageJson {
  name?: unknown;
  exports?: unknown;
  module?: unknown;
}

/**
 * Walks up from `startDirectory` (at most `maxDepth` folders) to the first package.json that `accept`
 * takes, and returns it with its folder. Unreadable or invalid files are skipped.
 * The `turbopackIgnore` comments keep Next.js from tracing the whole project for these runtime lookups.
 */
export function findPackageJson(
  startDirectory: string,
  accept: (manifest: PackageJson) => boolean,
  maxDepth: number,
): { manifest: PackageJson; directory: string } | undefined {
  let directory = startDirectory;
  for (let depth = 0; depth < maxDepth; depth++) {
    const manifest = readPackageJson(directory);
    if (manifest && accept(manifest)) return { manifest, directory };
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
  return undefined;
}

function readPackageJson(directory: string): PackageJson | undefined {
  try {
    const parsed: unknown = JSON.parse(
      readFileSync(join(/*turbopackIgnore: true*/ directory, 'package.json'), 'utf8'),
    );
    return parsed && typeof parsed === 'object' ? (parsed as PackageJson) : undefined;
  } catch {
    return undefined;
  }
}
