import { IncomingMessage } from 'node:http';
import { nodeRequestRecord } from '@portobserve/core/adapter';
import type { Request } from 'express';
import { mountTemplate, watchMounts } from './mount-templates.js';

const PATCHED_KEY = Symbol.for('portobserve.express.route-accessor');

/**
 * Watches `req.route` (set by the Express 4 and 5 routers when a route matches) and gives the traced
 * request's span `req.baseUrl + req.route.path` as they are at that moment, the mount paths' parameters
 * named as in their patterns (see {@link watchMounts}). Reading them when the
 * response ends is not enough: when a route in a mounted router fails, the router restores
 * `req.baseUrl` before the error reaches the app's handlers, and `/api/chat/:id` would be reported as
 * `/chat/:id`.
 *
 * Node's requests get one `route` accessor, on `IncomingMessage.prototype`, once. It keeps the value
 * of a traced request in the request's record (and tells its span); on a request that is not traced
 * it becomes the plain property Express would have made. No request gets an accessor of its own: defining one
 * on each request made every request a new shape, and the Express and Node code reading them slower.
 * Returns a reader for the end of the request, for requests that are not `IncomingMessage`s (test
 * doubles), which get an accessor of their own.
 */
export function trackMatchedRoute(req: Request): (() => string | undefined) | undefined {
  watchMounts(req);
  routeAccessorInstalled ??= installRouteAccessor();
  if (routeAccessorInstalled && req instanceof IncomingMessage && !Object.hasOwn(req, 'route'))
    return undefined;
  return trackOwnRoute(req);
}

/** Whether this copy has put (or found) the accessor on the prototype: tried once, not per request. */
let routeAccessorInstalled: boolean | undefined;

/** Puts the one `route` accessor on `IncomingMessage.prototype`; false when it cannot be (then per request). */
function installRouteAccessor(): boolean {
  const prototype = IncomingMessage.prototype as unknown as Record<string | symbol, unknown>;
  if (Object.hasOwn(prototype, PATCHED_KEY)) return true;
  const inherited = Object.getOwnPropertyDescriptor(prototype, 'route');
  if (inherited && !inherited.configurable) return false;
  Object.defineProperty(prototype, 'route', {
    configurable: true,
    enumerable: false,
    get(this: IncomingMessage): unknown {
      const record = nodeRequestRecord(this);
      return record?.trace ? record.frameworkRoute : inherited?.get?.call(this);
    },
    set(this: Request, value: unknown) {
      const record = nodeRequestRecord(this);
      if (!record?.trace) {
        // Not traced: the own property Express would have made.
        Object.defineProperty(this, 'route', { value, writable: true, enumerable: true, configurable: true });
        return;
      }
      // The router sets the same route twice for each match (when it matches, and when it dispatches).
      if (value === record.frameworkRoute && this.baseUrl === record.frameworkRouteBase) return;
      record.frameworkRoute = value;
      record.frameworkRouteBase = this.baseUrl;
      const matched = routeTemplate(mountTemplate(this, this.baseUrl), value);
      if (matched) record.trace.span.setRoute(matched);
    },
  });
  Object.defineProperty(prototype, PATCHED_KEY, { value: true });
  return true;
}

/** A request that is not an `IncomingMessage`: an accessor on the request itself. */
function trackOwnRoute(req: Request): (() => string | undefined) | undefined {
  let route: unknown = (req as { route?: unknown }).route;
  let matched = routeTemplate(req.baseUrl, route);
  try {
    Object.defineProperty(req, 'route', {
      configurable: true,
      enumerable: true,
      get: () => route,
      set(value: unknown) {
        route = value;
        matched = routeTemplate(req.baseUrl, value);
      },
    });
  } catch {
    // Not redefinable: read it at the end instead.
    return () => routeTemplate(req.baseUrl, (req as { route?: unknown }).route);
  }
  return () => matched;
}

/** `baseUrl + route.path`; array paths (Express 4) are joined with commas; undefined when no route. */
function routeTemplate(baseUrl: string | undefined, route: unknown): string | undefined {
  const path = (route as { path?: unknown } | undefined)?.path;
  if (path === undefined) return undefined;
  const routePath = Array.isArray(path) ? path.map(String).join(',') : String(path);
  const base = baseUrl ?? '';
  if (base && routePath === '/') return base;
  return `${base}${routePath}` || '/';
}
