// Reads a README: its fenced code blocks (with the line each starts on), the packages its `npm i` lines
// install, and its links. Markdown parsing is by micromark's CommonMark rules, not by hand.
import { fromMarkdown } from 'mdast-util-from-markdown';

/** The HTML comment that marks the next code block as a deliberate fragment, left out of the check. */
export const FRAGMENT_MARKER = '<!-- docs-check: fragment -->';

/**
 * @typedef {object} CodeBlock
 * @property {string} lang the info string's first word (`ts`, `sh`, ...), or '' when there is none
 * @property {string} code the block's text
 * @property {number} line the 1-based README line of the block's first code line
 * @property {boolean} fragment whether the marker comment precedes it
 */

/**
 * @typedef {object} ReadmeLink
 * @property {string} url
 * @property {number} line
 */

/**
 * The code blocks and links of a README, in order.
 *
 * @param {string} markdown
 * @returns {{ blocks: CodeBlock[], links: ReadmeLink[] }}
 */
export function readReadme(markdown) {
  const tree = fromMarkdown(markdown);
  /** @type {CodeBlock[]} */
  const blocks = [];
  /** @type {ReadmeLink[]} */
  const links = [];
  /** @type {any} */
  let previous;
  walk(tree, (node) => {
    if (node.type === 'code') {
      blocks.push({
        lang: (node.lang ?? '').toLowerCase(),
        code: node.value,
        line: node.position.start.line + 1,
        fragment: previous?.type === 'html' && previous.value.trim() === FRAGMENT_MARKER,
      });
    } else if (node.type === 'link' || node.type === 'definition') {
      links.push({ url: node.url, line: node.position.start.line });
    } else if (node.type === 'html') {
      for (const match of node.value.matchAll(/\b(?:href|src)\s*=\s*["']([^"']+)["']/g)) {
        links.push({ url: match[1], line: node.position.start.line });
      }
    }
    if (node.type !== 'text') previous = node;
  });
  return { blocks, links };
}

/**
 * The package names an `npm i` / `npm install` / `pnpm add` line installs (versions and flags dropped);
 * undefined when the line is no install command.
 *
 * @param {string} line
 * @returns {string[] | undefined}
 */
export function installedPackages(line) {
  const match = /^\s*(?:\$\s*)?(?:npm\s+(?:i|install|add)|pnpm\s+(?:i|install|add)|yarn\s+add)\s+(.*)$/.exec(
    line,
  );
  if (!match) return undefined;
  return (match[1] ?? '')
    .replace(/\s#.*$/, '')
    .split(/\s+/)
    .filter((word) => word !== '' && !word.startsWith('-'))
    .map(packageNameOf);
}

/**
 * The npm package an import specifier or an install argument names: `next/server` → `next`,
 * `@scope/name/sub` → `@scope/name`, `openai@7` → `openai`.
 *
 * @param {string} specifier
 * @returns {string}
 */
export function packageNameOf(specifier) {
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? '');
  const at = name.indexOf('@', 1);
  return at === -1 ? name : name.slice(0, at);
}

/**
 * @param {any} node
 * @param {(node: any) => void} visit
 */
function walk(node, visit) {
  for (const child of node.children ?? []) {
    visit(child);
    walk(child, visit);
  }
}
