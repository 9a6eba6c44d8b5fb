import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'node20',
  // The testkit is a dev dependency loaded only for local defaults: keep it a runtime import.
  external: ['@portobserve/testkit'],
});
