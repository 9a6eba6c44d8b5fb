import { defineConfig, type Options } from 'tsup';

/** How every published package is built: ESM + CJS + types, with source maps, for Node 20. */
export function packageBuildConfig(overrides: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    silent: true, // errors only: a build that works says nothing
    ...overrides,
  });
}

/** How the demo apps are built: ESM for Node 20; the testkit stays a runtime import (local defaults only). */
export function appBuildConfig(overrides: Options) {
  return defineConfig({
    format: ['esm'],
    sourcemap: true,
    clean: true,
    target: 'node20',
    silent: true,
    external: ['@portobserve/testkit'],
    ...overrides,
  });
}
