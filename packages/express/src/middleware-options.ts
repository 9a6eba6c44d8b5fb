import type { RequestTracingOptions } from '@portobserve/core/adapter';
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
 * Options of {@link openobserveMiddleware}: `context`, `recordRequestHeaders` and `tracerProvider`
 * as in every adapter, plus `ignore`.
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
export interface OpenObserveMiddlewareOptions extends RequestTracingOptions<Request> {
  /**
   * Requests that get no span at all (health checks, metrics scrapes). Strings match the whole path
   * (query string and trailing slash ignored), RegExps are tested against the path, functions get the
   * request. The path is the full one (`req.originalUrl`), wherever the middleware is mounted. A
   * function that throws is skipped and reported: the request is traced.
   */
  ignore?: IgnoreRule | readonly IgnoreRule[];
}
