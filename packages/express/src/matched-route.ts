import type { Request } from 'express';

/**
 * Watches `req.route` (set by the Express 4 and 5 routers when a route matches) and returns a reader of
 * `req.baseUrl + req.route.path` as they were at that moment. Reading them later is not enough: when a
 * route in a mounted router fails, the router restores `req.baseUrl` before the error reaches the app's
 * handlers, and `/api/chat/:id` would be reported as `/chat/:id`.
 */
export function trackMatchedRoute(req: Request): () => string | undefined {
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
