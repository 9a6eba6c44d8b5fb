// @opentelemetry/api 1.x keeps what was registered globally under this key, shared by all its copies.
const OTEL_API_GLOBAL = Symbol.for('opentelemetry.js.api.1');
// openobserveInit() keeps its handle here (see @portobserve/core).
const OPENOBSERVE_INIT = Symbol.for('portobserve.openobserve.init');

type GlobalRegistries = typeof globalThis & {
  [OTEL_API_GLOBAL]?: { trace?: unknown };
  [OPENOBSERVE_INIT]?: unknown;
};

/** True when a tracer provider other than `openobserveInit()`'s is registered (`@vercel/otel`, `NodeSDK`). */
export function otherTracerProviderRegistered(): boolean {
  const globalScope = globalThis as GlobalRegistries;
  return globalScope[OTEL_API_GLOBAL]?.trace !== undefined && globalScope[OPENOBSERVE_INIT] === undefined;
}
