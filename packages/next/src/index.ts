export type { RegisterOpenObserveOptions } from './register-openobserve.js';
export { registerOpenObserve } from './register-openobserve.js';
export type { RouteTracingOptions } from './route-options.js';
export type { RouteHandler, WithOpenObserveOptions } from './with-openobserve.js';
export { withOpenObserve } from './with-openobserve.js';
export type { ApiRouteHandler, WithOpenObserveApiOptions } from './with-openobserve-api.js';
export { withOpenObserveApi } from './with-openobserve-api.js';
