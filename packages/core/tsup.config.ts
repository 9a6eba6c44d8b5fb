import { packageBuildConfig } from '../../tsup.shared.js';

// The adapter API (`@portobserve/core/adapter`) and the CLI (`npx portobserve`) are extra entries; shims
// give the CLI's CommonJS build import.meta.url, which it uses to find the openobserve/ assets shipped
// next to dist/.
export default packageBuildConfig({
  entry: { index: 'src/index.ts', adapter: 'src/adapter.ts', 'cli/bin': 'src/cli/bin.ts' },
  shims: true,
});
