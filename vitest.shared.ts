import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** What differs between the workspace's test setups. */
export interface WorkspaceTestOptions {
  /** Test file globs, relative to the package. */
  include?: string[];
  /** Resolve `@portobserve/testkit` to its source, so tests need no build of it (default true). */
  testkitFromSource?: boolean;
  /** Run test files in parallel (default false: most start real servers and child processes). */
  fileParallelism?: boolean;
  testTimeout?: number;
}

/**
 * The vitest config every package and app uses: a JSON report in `test-results/` (summed up by
 * `pnpm verify`, which also sets `PORTOBSERVE_QUIET_TESTS=1` for quiet output), generous timeouts for tests that spawn the gateway or Next.js, and the testkit from
 * source.
 */
export function workspaceTestConfig(options: WorkspaceTestOptions = {}) {
  const testkitSource = (file: string) =>
    fileURLToPath(new URL(`./packages/testkit/src/${file}`, import.meta.url));
  // Set by `pnpm verify`: dots instead of one line per test, and console output only of failing tests.
  const quiet = process.env.PORTOBSERVE_QUIET_TESTS === '1';
  // The Node 22 and 24 rounds of `pnpm verify` leave out the `*.once.test.ts` suites (load, faults,
  // tarball installs): they test our code, not the Node version, and run once on Node 20 within CI's
  // time budget.
  const extraNodeRound = process.env.PORTOBSERVE_EXTRA_NODE_ROUND === '1';
  return defineConfig({
    resolve:
      options.testkitFromSource === false
        ? {}
        : {
            alias: [
              { find: /^@portobserve\/testkit$/, replacement: testkitSource('index.ts') },
              { find: /^@portobserve\/testkit\/tracing$/, replacement: testkitSource('tracing.ts') },
            ],
          },
    test: {
      reporters: [quiet ? 'dot' : 'default', 'json'],
      silent: quiet ? 'passed-only' : false,
      outputFile: { json: 'test-results/vitest.json' },
      include: options.include ?? ['src/**/*.test.ts', 'test/**/*.test.ts'],
      exclude: extraNodeRound ? ['**/node_modules/**', '**/*.once.test.ts'] : ['**/node_modules/**'],
      testTimeout: options.testTimeout ?? 30_000,
      hookTimeout: 60_000,
      fileParallelism: options.fileParallelism ?? false,
    },
  });
}
