import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { type DemoSetup, decideDemoSetup } from './demo-setup.js';

/** Settings that point the demo somewhere: the local mode replaces them all with its own. */
const CONNECTION_SETTING = /^(OPENOBSERVE|PORTKEY|OPENAI|OTEL_EXPORTER_OTLP)_/;

/**
 * Reads `.env` from the working directory (the app's folder under `pnpm demo`), decides the mode, and
 * for the local mode clears every connection setting, from the shell or from the `.env`, so nothing
 * outside the local stand-ins is used. Returns the names it cleared that came from the shell.
 *
 * @example
 * ```ts
 * const { setup, ignoredShellSettings } = loadDemoEnvironment();
 * ```
 */
export function loadDemoEnvironment(): {
  setup: DemoSetup;
  ignoredShellSettings: string[];
} {
  const env = process.env;
  const fromShell = Object.keys(env)
    .filter((name) => CONNECTION_SETTING.test(name) && env[name] !== '')
    .sort();
  const path = resolve('.env');
  const envFile = existsSync(path) ? relative(env.INIT_CWD ?? process.cwd(), path) || '.env' : undefined;
  if (envFile !== undefined) process.loadEnvFile(path);
  const setup = decideDemoSetup({ envFile, env });
  if (setup.kind !== 'local') return { setup, ignoredShellSettings: [] };
  for (const name of Object.keys(env)) if (CONNECTION_SETTING.test(name)) delete env[name];
  return { setup, ignoredShellSettings: fromShell };
}
