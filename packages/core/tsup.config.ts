import { packageBuildConfig } from '../../tsup.shared.js';

// The CLI (`npx portobserve`) is an extra entry; shims give its CommonJS build import.meta.url,
// which it uses to find the openobserve/ assets shipped next to dist/.
export default packageBuildConfig({
  entry: { index: 'src/index.ts', 'cli/bin': 'src/cli/bin.ts' },
  shims: true,
});
