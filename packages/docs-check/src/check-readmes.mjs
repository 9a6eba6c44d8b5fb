// Checks README examples: every ```ts block is written to a file and compiled with the TypeScript
// compiler against the packages this one depends on (the built workspace packages); on npm-facing
// READMEs every link must be absolute and every import of an example must be in the `npm i` line
// before it.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { FRAGMENT_MARKER, installedPackages, packageNameOf, readReadme } from './readme-blocks.mjs';

const TYPESCRIPT = new Set(['ts', 'typescript']);
const SHELL = new Set(['sh', 'bash', 'shell', 'console', 'zsh']);
/** Code we could not check as it is: it must be written as `ts`, or marked as a fragment. */
const UNCHECKED_CODE = new Set(['tsx', 'jsx', 'js', 'javascript', 'mjs', 'cjs']);

/** How the examples are compiled: a strict Node.js ES module project, as a user's would be. */
const COMPILER_OPTIONS = {
  target: 'ES2022',
  lib: ['ES2022'],
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  moduleDetection: 'force',
  types: ['node'],
  strict: true,
  skipLibCheck: true,
  sourceMap: false,
  declaration: false,
};

/**
 * @typedef {object} ReadmeSource
 * @property {string} path relative to `root`, e.g. `packages/core/README.md`
 * @property {boolean} onNpm shown on npm, where relative links break: every link must be absolute
 * @property {boolean} checkInstalls every import of an example must be in the `npm i` line before it
 */

/**
 * @typedef {object} Example
 * @property {string} readme
 * @property {number} line the README line of the example's first code line
 * @property {string} source the `.ts` file it was written to
 * @property {string} output the `.js` file it compiles to
 */

/**
 * @typedef {object} Problem
 * @property {string} readme
 * @property {number} line
 * @property {number} [column]
 * @property {string} message
 */

/**
 * Writes the examples of these READMEs under `outDir`, compiles them (emitting `.js` next to each
 * `.ts` when all compile), and returns what is wrong.
 *
 * @param {{ root: string, readmes: ReadmeSource[], outDir: string }} options
 * @returns {{ problems: Problem[], examples: Example[], fragments: number }}
 */
export function checkReadmes({ root, readmes, outDir }) {
  rmSync(outDir, { recursive: true, force: true });
  /** @type {Problem[]} */
  const problems = [];
  /** @type {Example[]} */
  const examples = [];
  let fragments = 0;
  for (const readme of readmes) {
    const { blocks, links } = readReadme(readFileSync(join(root, readme.path), 'utf8'));
    if (readme.onNpm) problems.push(...relativeLinks(readme.path, links));
    /** @type {{ line: number, packages: string[] } | undefined} */
    let install;
    for (const block of blocks) {
      if (SHELL.has(block.lang)) {
        install = lastInstall(block) ?? install;
        continue;
      }
      if (block.fragment) {
        fragments += 1;
        continue;
      }
      if (UNCHECKED_CODE.has(block.lang)) {
        problems.push({
          readme: readme.path,
          line: block.line - 1,
          message: `this ${block.lang} block is not checked: write it as \`\`\`ts, or put ${FRAGMENT_MARKER} before it`,
        });
        continue;
      }
      if (!TYPESCRIPT.has(block.lang)) continue;
      const source = join(outDir, slug(readme.path), `L${block.line}.ts`);
      mkdirSync(dirname(source), { recursive: true });
      writeFileSync(source, block.code);
      examples.push({
        readme: readme.path,
        line: block.line,
        source,
        output: source.replace(/\.ts$/, '.js'),
      });
      if (readme.checkInstalls) problems.push(...uninstalledImports(readme.path, block, install, source));
    }
  }
  problems.push(...compile(examples, outDir));
  return { problems, examples, fragments };
}

/**
 * @param {Example[]} examples
 * @param {string} outDir
 * @returns {Problem[]}
 */
function compile(examples, outDir) {
  if (examples.length === 0) return [];
  const { options, errors } = ts.convertCompilerOptionsFromJson(COMPILER_OPTIONS, outDir);
  if (errors.length > 0) throw new Error(ts.formatDiagnostics(errors, formatHost()));
  // As if a tsconfig.json sat in outDir: `types` and node_modules are looked up from there.
  options.configFilePath = join(outDir, 'tsconfig.json');
  const program = ts.createProgram(
    examples.map((example) => example.source),
    options,
  );
  const bySource = new Map(
    examples.map((example) => [program.getSourceFile(example.source)?.fileName, example]),
  );
  /** @type {Problem[]} */
  const problems = [];
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    if (diagnostic.category !== ts.DiagnosticCategory.Error) continue;
    const message = `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    const example = diagnostic.file && bySource.get(diagnostic.file.fileName);
    if (!example || !diagnostic.file || diagnostic.start === undefined) {
      problems.push({ readme: diagnostic.file?.fileName ?? '(compiler)', line: 0, message });
      continue;
    }
    const position = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    problems.push({
      readme: example.readme,
      line: example.line + position.line,
      column: position.character + 1,
      message,
    });
  }
  if (problems.length === 0) program.emit();
  return problems;
}

/**
 * The last command in a shell block that installs packages for an app (not `-g`, not a bare
 * `pnpm install`).
 *
 * @param {import('./readme-blocks.mjs').CodeBlock} block
 */
function lastInstall(block) {
  /** @type {{ line: number, packages: string[] } | undefined} */
  let found;
  block.code.split('\n').forEach((text, index) => {
    for (const command of text.split(/&&|;|\|\|/)) {
      if (/\s(?:-g|--global)\b/.test(command)) continue;
      const packages = installedPackages(command);
      if (packages && packages.length > 0) found = { line: block.line + index, packages };
    }
  });
  return found;
}

/**
 * What an example needs installed: the packages it imports, and their required peer dependencies
 * (`openai` for `@portobserve/portkey`), except the app's own framework.
 *
 * @param {string} readme
 * @param {import('./readme-blocks.mjs').CodeBlock} block
 * @param {{ line: number, packages: string[] } | undefined} install
 * @param {string} source the example's file, from which its imports resolve
 * @returns {Problem[]}
 */
function uninstalledImports(readme, block, install, source) {
  const imported = ts
    .preProcessFile(block.code, true, true)
    .importedFiles.map((file) => file.fileName)
    .filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('/') && !isBuiltin(specifier))
    .map(packageNameOf);
  const needed = new Set(imported);
  for (const name of imported) for (const peer of requiredPeers(name, source)) needed.add(peer);
  const missing = [...needed].filter(
    (name) => !install?.packages.includes(name) && !APP_FRAMEWORKS.has(name),
  );
  if (missing.length === 0) return [];
  const where = install
    ? `the install line at ${readme}:${install.line} (npm i ${install.packages.join(' ')})`
    : 'no `npm i` line before it';
  return [{ readme, line: block.line, message: `needs ${missing.join(', ')}, missing from ${where}` }];
}

/** Peers an app using the adapter already has: `npm i next` in a Next.js app would only upgrade it. */
const APP_FRAMEWORKS = new Set(['next']);

/**
 * @param {string} name
 * @param {string} from
 * @returns {string[]}
 */
function requiredPeers(name, from) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(createRequire(from).resolve(`${name}/package.json`), 'utf8'));
  } catch {
    return []; // not resolvable: the compile step reports the import
  }
  const optional = manifest.peerDependenciesMeta ?? {};
  return Object.keys(manifest.peerDependencies ?? {}).filter((peer) => optional[peer]?.optional !== true);
}

/**
 * @param {string} readme
 * @param {import('./readme-blocks.mjs').ReadmeLink[]} links
 * @returns {Problem[]}
 */
function relativeLinks(readme, links) {
  return links
    .filter((link) => !/^(?:https?:|mailto:|#)/.test(link.url))
    .map((link) => ({
      readme,
      line: link.line,
      message: `relative link "${link.url}" breaks on npm (the tarball has only dist/ and this README): use an https:// URL`,
    }));
}

/** @param {string} readmePath */
function slug(readmePath) {
  return readmePath.replace(/(^|\/)README\.md$/i, '').replace(/[^A-Za-z0-9]+/g, '-') || 'root';
}

function formatHost() {
  return {
    getCanonicalFileName: (/** @type {string} */ name) => name,
    getCurrentDirectory: () => process.cwd(),
    getNewLine: () => '\n',
  };
}
