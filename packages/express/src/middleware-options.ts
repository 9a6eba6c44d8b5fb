import type { LLMContext } from '@portobserve/core';
import type { Request } from 'express';

/**
 * A request to leave untraced: an exact path (`'/health'`), a pattern, or a predicate.
 *
 * @example
 * ```ts
 * const ignore: IgnoreRule[] = ['/health', /^\/static\//, (req) => req.get('user-agent') === 'kube-probe'];
 * app.use(openobserveMiddleware({ ignore }));
 * ```
 */
export type IgnoreRule = string | RegExp | ((req: Request) => boolean);

/**
 * Options of {@link openobserveMiddleware}.
 *
 * @example
 * ```ts
 * const options: OpenObserveMiddlewareOptions = {
 *   ignore: ['/health'],
 *   context: (req) => ({ sessionId: req.get('x-session-id'), userId: req.get('x-user-id') }),
 *   recordRequestHeaders: ['x-request-id'],
 * };
 * app.use(openobserveMiddleware(options));
 * ```
 */
export interface OpenObserveMiddlewareOptions {
  /**
   * Requests that get no span at all (health checks, metrics scrapes). Strings match the whole path
   * (query string and trailing slash ignored), RegExps are tested against the path, functions get the
   * request. The path is the full one (`req.originalUrl`), wherever the middleware is mounted.
   */
  ignore?: IgnoreRule | readonly IgnoreRule[];
  /**
   * Who and what the request's LLM calls belong to: `sessionId`, `userId`, `metadata`, `tags`, applied to
   * every LLM span made while handling it. Called when the middleware runs, so it sees headers, the URL
   * and what earlier middleware added, but not a body parsed by later middleware.
   */
  context?: (req: Request) => LLMContext | undefined;
  /**
   * Request headers to record as `http.request.header.<name>`. None by default; `authorization`,
   * `cookie`, `proxy-authorization` and `x-portkey-api-key` are never recorded, even when listed.
   */
  recordRequestHeaders?: readonly string[];
}
