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
  const testkitSource = fileURLToPath(new URL('./packages/testkit/src/index.ts', import.meta.url));
  // Set by `pnpm verify`: dots instead of one line per test, and console output only of failing tests.
  const quiet = process.env.PORTOBSERVE_QUIET_TESTS === '1';
  return defineConfig({
    resolve: options.testkitFromSource === false ? {} : { alias: { '@portobserve/testkit': testkitSource } },
    test: {
      reporters: [quiet ? 'dot' : 'default', 'json'],
      silent: quiet ? 'passed-only' : false,
      outputFile: { json: 'test-results/vitest.json' },
      include: options.include ?? ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: options.testTimeout ?? 30_000,
      hookTimeout: 60_000,
      fileParallelism: options.fileParallelism ?? false,
    },
  });
}
