import type { Request } from 'express';
import type { IgnoreRule } from './middleware-options.js';

/** Turns the `ignore` option into one predicate over a request and its full path (none without rules). */
export function ignoreMatcher(
  rules: IgnoreRule | readonly IgnoreRule[] | undefined,
): ((req: Request, path: string) => boolean) | undefined {
  const list: readonly IgnoreRule[] = rules === undefined ? [] : Array.isArray(rules) ? rules : [rules];
  if (list.length === 0) return undefined;
  return (req, path) =>
    list.some((rule) => {
      if (typeof rule === 'string') return trimSlash(rule) === trimSlash(path);
      if (rule instanceof RegExp) {
        rule.lastIndex = 0;
        return rule.test(path);
      }
      return rule(req) === true;
    });
}

function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}
