import { defineConfig } from 'tsup';

export default defineConfig({
  // telemetry.js is loaded first (`node --import ./dist/telemetry.js dist/server.js`); the module they
  // share (local-defaults) becomes one chunk, so both see the same local stack.
  entry: ['src/telemetry.ts', 'src/server.ts'],
  format: ['esm'],
  splitting: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // The testkit is a dev dependency loaded only for local defaults: keep it a runtime import.
  external: ['@portobserve/testkit'],
});
