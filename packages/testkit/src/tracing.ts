// `@portobserve/testkit/tracing`: the in-memory tracing harness, apart from the main entry so that the
// demos, which load the testkit at run time, never load vitest or a second tracer provider.
export type { Tracing } from './tracing/start-tracing.js';
export { settle, startTracing, waitFor } from './tracing/start-tracing.js';
