import { basename, extname } from 'node:path';
import { findPackageJson, type PackageJson } from '../package-json/find-package-json.js';

/**
 * The app's own name for `service.name`: the `name` of the nearest package.json above the working
 * directory, else the entry script's file name, else `node-app`. Never `unknown_service`.
 */
export function defaultServiceName(startDirectory: string = process.cwd()): string {
  const named = findPackageJson(startDirectory, (manifest) => packageName(manifest) !== undefined, 20);
  const name = named && packageName(named.manifest);
  if (name) return name;
  const entry = process.argv[1];
  if (entry) {
    const script = basename(entry, extname(entry));
    if (script && script !== 'index') return script;
  }
  return 'node-app';
}

function packageName(manifest: PackageJson): string | undefined {
  return typeof manifest.name === 'string' ? manifest.name.trim() || undefined : undefined;
}
