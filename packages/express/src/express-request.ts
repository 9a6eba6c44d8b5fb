import type { ServerRequestInfo } from '@portobserve/core';
import type { Request } from 'express';

/** The full path of the request (wherever the middleware is mounted), without the query string. */
export function requestPath(req: Request): string {
  const url = req.originalUrl || req.url || '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** What core needs to know about an Express request to start its server span. */
export function requestInfo(req: Request, path: string): ServerRequestInfo {
  return {
    method: req.method,
    path,
    scheme: req.protocol === 'https' ? 'https' : 'http',
    host: req.headers.host,
    header(name) {
      const value = req.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}
