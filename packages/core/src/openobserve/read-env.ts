import { OpenObserveConfigError } from '../errors.js';

/** Environment variables as a plain record, so tests can pass their own. */
export type Environment = Record<string, string | undefined>;

/** A non-empty, trimmed environment value, or undefined. */
export function readEnvString(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

/** Reads a true/false variable; anything unrecognised is a config error naming the variable. */
export function readEnvBoolean(
  env: Environment,
  name: string,
  code:
    | 'INVALID_ENABLED'
    | 'INVALID_CAPTURE_CONTENT'
    | 'INVALID_OPENINFERENCE_ATTRIBUTES'
    | 'INVALID_STRICT'
    | 'INVALID_METRICS' = 'INVALID_ENABLED',
): boolean | undefined {
  const value = readEnvString(env, name);
  if (value === undefined) return undefined;
  const word = value.toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  throw new OpenObserveConfigError(
    code,
    `${name}="${value}" is not a boolean: set it to true or false (1/0 and yes/no work too).`,
  );
}

/** Reads a positive number; anything else is a config error naming the variable. */
export function readEnvPositiveNumber(
  env: Environment,
  name: string,
  code: 'INVALID_TIMEOUT' | 'INVALID_BATCH_SETTING' | 'INVALID_METRICS',
): number | undefined {
  const value = readEnvString(env, name);
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) {
    throw new OpenObserveConfigError(code, `${name}="${value}" must be a number greater than 0.`);
  }
  return parsed;
}
