import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findPackageJson } from '../package-json/find-package-json.js';

/** One loaded copy of the `openai` module: its CommonJS or its ES module build. */
export interface LoadedOpenAI {
  openAIClass: Record<string, unknown>;
  /** File it was loaded from, to tell copies apart. */
  file: string;
}

// The `turbopackIgnore` comments keep Next.js from tracing the whole project for these runtime lookups.

/**
 * The `openai` package as the app resolves it, from the entry script's folder and from the working
 * directory: both its CommonJS build (what `require('openai')` gives) and its ES module build (what
 * `import 'openai'` gives). They are separate module instances with separate classes, so both are
 * patched, whichever kind of app this is. The ES build is loaded synchronously with `require(esm)`
 * (Node 20.19+, 22.12+), so the patch is in place before `instrumentOpenAI()` returns.
 */
export function resolveAppOpenAI(): { loaded: LoadedOpenAI[]; problems: string[]; esmFiles: string[] } {
  const loaded: LoadedOpenAI[] = [];
  const problems: string[] = [];
  const esmFiles: string[] = [];
  const seen = new Set<string>();
  for (const base of searchBases()) {
    let requireFromBase: NodeJS.Require;
    let entry: string;
    try {
      requireFromBase = createRequire(join(/*turbopackIgnore: true*/ base, '__portobserve__.js'));
      entry = requireFromBase.resolve('openai');
    } catch {
      continue;
    }
    const esmEntry = esmEntryOf(entry);
    if (esmEntry && !esmFiles.includes(esmEntry)) esmFiles.push(esmEntry);
    for (const file of [entry, esmEntry]) {
      if (!file || seen.has(file)) continue;
      seen.add(file);
      try {
        const moduleExports = requireFromBase(file) as Record<string, unknown>;
        const openAIClass = (moduleExports.OpenAI ?? moduleExports.default) as
          | Record<string, unknown>
          | undefined;
        if (typeof openAIClass === 'function') loaded.push({ openAIClass, file });
      } catch (error) {
        problems.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  return { loaded, problems, esmFiles };
}

/**
 * The ES module build as the app's own loader gives it. Loaders with a `require` hook of their own
 * (tsx) compile what `require(esm)` loads into a separate instance; `import()` goes through the ES
 * module loader and its cache, so it gets the instance the app's `import 'openai'` got. Asynchronous:
 * the class it finds is patched a moment after `instrumentOpenAI()` returns (the transport capture
 * covers gateway requests made meanwhile).
 */
export async function importAppOpenAI(esmFiles: readonly string[]): Promise<LoadedOpenAI[]> {
  const loaded: LoadedOpenAI[] = [];
  for (const file of esmFiles) {
    try {
      const moduleExports = (await import(
        /* webpackIgnore: true */ /* turbopackIgnore: true */ pathToFileURL(file).href
      )) as Record<string, unknown>;
      const openAIClass = (moduleExports.OpenAI ?? moduleExports.default) as
        | Record<string, unknown>
        | undefined;
      if (typeof openAIClass === 'function') loaded.push({ openAIClass, file });
    } catch {
      // Not importable here: the synchronous load and the transport capture remain.
    }
  }
  return loaded;
}

function searchBases(): string[] {
  const bases = new Set<string>();
  const entry = process.argv[1];
  if (entry) bases.add(dirname(entry));
  bases.add(process.cwd());
  return [...bases];
}

/** The file `import 'openai'` loads, read from the package's `exports` map. */
function esmEntryOf(cjsEntry: string): string | undefined {
  const found = findPackageJson(dirname(cjsEntry), (manifest) => manifest.name === 'openai', 4);
  if (!found) return undefined;
  const module = typeof found.manifest.module === 'string' ? found.manifest.module : undefined;
  const target = importTarget(found.manifest.exports) ?? module;
  return target ? join(/*turbopackIgnore: true*/ found.directory, target) : undefined;
}

function importTarget(exportsField: unknown): string | undefined {
  if (typeof exportsField !== 'object' || exportsField === null) return undefined;
  const root = (exportsField as Record<string, unknown>)['.'];
  return pickImport(root);
}

function pickImport(condition: unknown): string | undefined {
  if (typeof condition === 'string') return condition;
  if (typeof condition !== 'object' || condition === null) return undefined;
  const record = condition as Record<string, unknown>;
  for (const key of ['node', 'import', 'default']) {
    if (key in record) {
      const picked = pickImport(record[key]);
      if (picked && !picked.endsWith('.d.ts') && !picked.endsWith('.d.mts')) return picked;
    }
  }
  return undefined;
}
