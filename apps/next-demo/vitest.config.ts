import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Tests use the testkit's source, so they need no build of it.
    alias: {
      '@portobserve/testkit': fileURLToPath(new URL('../../packages/testkit/src/index.ts', import.meta.url)),
    },
  },
  test: {
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file starts its own `next start` and services; one at a time keeps 2 CPUs from thrashing.
    fileParallelism: false,
  },
});
