import { packageBuildConfig } from '../../tsup.shared.js';

// The gateway spawner resolves its script from import.meta.url, which the CJS build needs shimmed.
// The tracing harness is an entry of its own (`@portobserve/testkit/tracing`).
export default packageBuildConfig({
  entry: { index: 'src/index.ts', tracing: 'src/tracing.ts' },
  shims: true,
});
