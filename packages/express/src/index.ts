export type { IgnoreRule, OpenObserveMiddlewareOptions } from './middleware-options.js';
export { openobserveErrorHandler } from './openobserve-error-handler.js';
export { openobserveMiddleware } from './openobserve-middleware.js';
