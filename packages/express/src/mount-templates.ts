import { nodeRequestRecord } from '@portobserve/core/adapter';
import type { Request } from 'express';

const PATCHED_KEY = Symbol.for('portobserve.express.layer-mount-watch');

type LayerHandle = (this: { route?: unknown }, req: Request, ...rest: unknown[]) => unknown;

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
  prototype[name] = function watchedLayerHandle(this: { route?: unknown }, req: Request, ...rest: unknown[]) {
    if (this.route === undefined) recordMount(req);
    return handle.call(this, req, ...rest);
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

function recordMount(req: Request): void {
  const record = nodeRequestRecord(req);
  if (!record?.trace) return;
  const base = req.baseUrl;
  if (!base) return;
  const mounts = record.frameworkMounts;
  let parent: readonly [string, string] | undefined;
  if (mounts) {
    for (const mount of mounts) {
      if (mount[0] === base) return;
      if (base.startsWith(`${mount[0]}/`) && (!parent || mount[0].length > parent[0].length)) parent = mount;
    }
  }
  const added = base.slice(parent ? parent[0].length : 0);
  const pattern = matchedPattern(req);
  const mounted = pattern === undefined ? withParameterNames(added, req.params) : pattern.replace(/\/+$/, '');
  const template = `${parent ? parent[1] : ''}${mounted}`;
  if (mounts) mounts.push([base, template]);
  else record.frameworkMounts = [[base, template]];
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
