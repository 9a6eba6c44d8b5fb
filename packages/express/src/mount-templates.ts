import { nodeRequestRecord } from '@portobserve/core/adapter';
import type { Request } from 'express';

const PATCHED_KEY = Symbol.for('portobserve.express.layer-mount-watch');

type LayerHandle = (
  this: { route?: unknown; path?: unknown },
  req: Request,
  res: unknown,
  next: unknown,
) => unknown;

/** The apps whose router's `Layer` class this copy has looked at (patched, or found patched). */
const seenApps = new WeakSet<object>();

/**
 * Watches where a traced request's routers are mounted, so its route is named with the mount's
 * pattern (`/t/:tenant/items/:item`), not the path the request took (`/t/acme/items/:item`). Express
 * gives only the path (`req.baseUrl`). When a router is entered, its mount's pattern is taken from the
 * router where it keeps one (Express 5's router 2.3 and later); elsewhere the values of the mount's
 * parameters (`req.params` then holds them) are put back as their names.
 *
 * The router's `Layer` class is found through the app's router (Express 5 `app.router`, Express 4
 * `app._router`) and its `handleRequest` (`handle_request` in Express 4) is wrapped once for the
 * process: Express calls it as it enters each layer, right after it has set `req.baseUrl` and
 * `req.params` for it. Requests that are not traced pass straight through.
 *
 * @example
 * ```ts
 * watchMounts(req);
 * // later, once a route matched under app.use('/t/:tenant', router):
 * mountTemplate(req, req.baseUrl); // '/t/:tenant'
 * ```
 */
export function watchMounts(req: Request): void {
  const app = req.app as unknown as { router?: unknown; _router?: unknown } | undefined;
  if (!app || seenApps.has(app)) return;
  seenApps.add(app);
  // Express 4 makes its router lazily, on the first `app.use` or route; an app without one has no mounts.
  const router = (app._router ?? app.router) as { stack?: unknown[] } | undefined;
  const layer = router?.stack?.[0];
  if (typeof layer !== 'object' || layer === null) return;
  const prototype = Object.getPrototypeOf(layer) as Record<string | symbol, unknown>;
  if (Object.hasOwn(prototype, PATCHED_KEY)) return;
  const name = typeof prototype.handleRequest === 'function' ? 'handleRequest' : 'handle_request';
  const original = prototype[name];
  if (typeof original !== 'function') return;
  const handle = original as LayerHandle;
  // (req, res, next), as both routers call it: no rest array on every layer of every request.
  prototype[name] = function watchedLayerHandle(
    this: { route?: unknown; path?: unknown },
    req: Request,
    res: unknown,
    next: unknown,
  ) {
    if (this.route === undefined) recordMount(this, req);
    return handle.call(this, req, res, next);
  };
  Object.defineProperty(prototype, PATCHED_KEY, { value: true });
}

/** The pattern `baseUrl` was mounted at, as far as the watch saw it; else `baseUrl` itself. */
export function mountTemplate(req: Request, baseUrl: string | undefined): string | undefined {
  if (!baseUrl) return baseUrl;
  const mounts = nodeRequestRecord(req)?.frameworkMounts;
  if (!mounts) return baseUrl;
  for (const [actual, template] of mounts) if (actual === baseUrl) return template;
  return baseUrl;
}

/**
 * Notes the mount a traced request has just entered (`req.baseUrl` now ends with it): its pattern, after
 * the pattern of the path it was mounted under. The latest mount entered at a path names it, so a
 * middleware on `/:lang` that has handed on does not name the `/docs` router entered after it.
 */
function recordMount(layer: { path?: unknown }, req: Request): void {
  const record = nodeRequestRecord(req);
  if (!record?.trace) return;
  const base = req.baseUrl;
  if (!base) return;
  const entered = enteredMount(layer, req, base);
  if (!entered) return;
  const template = `${entered.parentUrl ? mountTemplate(req, entered.parentUrl) : ''}${entered.template}`;
  const mounts = record.frameworkMounts;
  if (!mounts) {
    record.frameworkMounts = [[base, template]];
    return;
  }
  const index = mounts.findIndex(([actual]) => actual === base);
  if (index >= 0) mounts[index] = [base, template];
  else mounts.push([base, template]);
}

/**
 * The part of `base` the layer being entered added (its pattern) and the path before it. Express 5's
 * router (2.3 and later) gives the layer's own pattern, whose segments say how much of `base` it took;
 * Express 4 (and router 2.2 and earlier) gives the path the layer matched, `layer.path`, whose
 * parameters' values are put back as their names. Undefined for a layer mounted at `/` (it added
 * nothing) or one whose share of the path cannot be told.
 */
function enteredMount(
  layer: { path?: unknown },
  req: Request,
  base: string,
): { parentUrl: string; template: string } | undefined {
  const pattern = matchedPattern(req);
  if (pattern !== undefined) {
    const own = pattern.replace(/\/+$/, '');
    // Optional groups and wildcards match a varying number of segments.
    if (own === '' || /[*{(]/.test(own)) return undefined;
    const segments = own.split('/').length - 1;
    const parentUrl = base.split('/').slice(0, -segments).join('/');
    return { parentUrl, template: own };
  }
  if (typeof layer.path !== 'string') return undefined;
  const added = layer.path.replace(/\/+$/, '');
  if (added === '' || !base.endsWith(added)) return undefined;
  return {
    parentUrl: base.slice(0, base.length - added.length),
    template: withParameterNames(added, req.params),
  };
}

/**
 * The pattern of the layer being entered, which the router (2.3 and later, so Express 5) keeps on the
 * request under a symbol of its own while it dispatches: exact, where a string.
 */
function matchedPattern(req: Request): string | undefined {
  for (const key of Object.getOwnPropertySymbols(req)) {
    if (key.description !== MATCHED_PATTERN) continue;
    const pattern = (req as unknown as Record<symbol, unknown>)[key];
    return typeof pattern === 'string' ? pattern : undefined;
  }
  return undefined;
}

const MATCHED_PATTERN = 'router.tracing.matchedRoute';

/**
 * Where the router keeps no pattern (Express 4, router 2.2 and earlier): `added` (`/t/acme`) with each
 * whole segment that is the value of one of `params` (`{ tenant: 'acme' }`) replaced by its name
 * (`/t/:tenant`). Right to left, the last parameter first: a mount's parameters usually follow the
 * literal segments that name them (`/o/:org/teams/:team`), which can hold the same text. A value found in
 * no segment (a parent router's, merged by `mergeParams`, or part of a segment) is skipped.
 */
function withParameterNames(added: string, params: Request['params'] | undefined): string {
  if (!params) return added;
  const names = Object.keys(params);
  if (names.length === 0) return added;
  const segments = added.split('/');
  let before = segments.length;
  for (let nameIndex = names.length - 1; nameIndex >= 0; nameIndex--) {
    const name = names[nameIndex] as string;
    const value = (params as Record<string, unknown>)[name];
    if (typeof value !== 'string') continue;
    // segments[0] is the empty string before the leading slash.
    for (let index = before - 1; index >= 1; index--) {
      if (decodedSegment(segments[index] as string) === value) {
        segments[index] = `:${name}`;
        before = index;
        break;
      }
    }
  }
  return segments.join('/');
}

function decodedSegment(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
