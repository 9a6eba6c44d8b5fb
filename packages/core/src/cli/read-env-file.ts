import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import type { Environment } from '../openobserve/read-env.js';
import { CliError } from './cli-error.js';

/**
 * The environment with a `.env` file's values under it: a variable already set wins, as with
 * `node --env-file`. `process.env` itself is not changed.
 *
 * @example
 * ```ts
 * const env = withEnvFile(process.env, '.env');
 * ```
 */
export function withEnvFile(env: Environment, path: string | undefined): Environment {
  if (path === undefined) return env;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(
      'ENV_FILE',
      `--dotenv ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}: pass the path of a readable .env file.`,
    );
  }
  const fromFile = parseEnv(text) as Environment;
  const merged: Environment = { ...fromFile };
  for (const [name, value] of Object.entries(env)) if (value !== undefined) merged[name] = value;
  return merged;
}
