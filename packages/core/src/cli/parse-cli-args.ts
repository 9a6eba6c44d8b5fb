import { parseArgs } from 'node:util';
import { ALERT_THRESHOLD_SETTINGS } from './alert-thresholds.js';
import { CliError } from './cli-error.js';

/** What the command line asks for. */
export interface CliArgs {
  /** `usage`: no command given (the help goes to stderr, and the exit code says it was a usage error). */
  command: 'install' | 'uninstall' | 'help' | 'usage' | 'version';
  dryRun: boolean;
  dotenv: string | undefined;
  alertDestination: string | undefined;
  /** Threshold flags as given, by flag name (`error-rate-percent`, ...). */
  thresholds: Record<string, string | undefined>;
}

const THRESHOLD_FLAGS = Object.values(ALERT_THRESHOLD_SETTINGS).map((setting) => setting.flag);

/**
 * Parses `openobserve install|uninstall [options]` with Node's `parseArgs`. Unknown options, a
 * missing value or an unknown command are a {@link CliError} that points at `--help`.
 *
 * @example
 * ```ts
 * parseCliArgs(['openobserve', 'install', '--dry-run']).command; // 'install'
 * ```
 */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new CliError('USAGE', `${usageProblem(error)}: run npx portobserve --help`);
  }
  const { values, positionals } = parsed;
  const base = {
    dryRun: values['dry-run'] === true,
    dotenv: values.dotenv as string | undefined,
    alertDestination: values['alert-destination'] as string | undefined,
    thresholds: Object.fromEntries(
      THRESHOLD_FLAGS.map((flag) => [flag, (values as Record<string, unknown>)[flag] as string | undefined]),
    ),
  };
  if (values.help === true) return { ...base, command: 'help' };
  if (values.version === true) return { ...base, command: 'version' };
  const [tool, command, ...rest] = positionals;
  if (tool === undefined) return { ...base, command: 'usage' };
  if (tool === 'help') return { ...base, command: 'help' };
  if (tool !== 'openobserve') {
    throw new CliError(
      'USAGE',
      `unknown command "${tool}": use npx portobserve openobserve install (see --help)`,
    );
  }
  if (command !== 'install' && command !== 'uninstall') {
    throw new CliError(
      'USAGE',
      `${command === undefined ? 'missing' : `unknown`} command${command === undefined ? '' : ` "${command}"`} after "openobserve": use install or uninstall (see --help)`,
    );
  }
  if (rest.length > 0)
    throw new CliError('USAGE', `unexpected argument "${rest[0]}": run npx portobserve --help`);
  return { ...base, command };
}

/** parseArgs' error in our words: an unknown option with the closest known one. */
function usageProblem(error: unknown): string {
  const { code, message } = error as { code?: unknown; message?: string };
  const unknown = /Unknown option '([^']+)'/.exec(message ?? '')?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown) {
    const closest = closestOption(unknown.replace(/^-+/, ''));
    return `unknown option ${unknown}${closest ? ` (did you mean --${closest}?)` : ''}`;
  }
  return (
    String(message ?? error)
      .split('. ')[0]
      ?.replace(/\.$/, '') ?? 'bad arguments'
  );
}

const KNOWN_OPTIONS = ['dry-run', 'dotenv', 'alert-destination', 'help', 'version', ...THRESHOLD_FLAGS];

/** The known option the given one is a typo of (at most two edits away, ignoring dashes), if any. */
function closestOption(given: string): string | undefined {
  const bare = (name: string) => name.replace(/-/g, '');
  let best: { name: string; distance: number } | undefined;
  for (const name of KNOWN_OPTIONS) {
    const distance = editDistance(bare(given), bare(name));
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * `--p95-latency-ms -5`: parseArgs takes a value with a leading dash for an option ("ambiguous"). A
 * threshold given a negative number gets it as its value, so the threshold's own check says what is
 * wrong with it.
 */
function joinNegativeThresholds(argv: readonly string[]): string[] {
  const joined: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    const next = argv[index + 1];
    const isThreshold = (THRESHOLD_FLAGS as readonly string[]).includes(arg.replace(/^--/, ''));
    if (arg.startsWith('--') && isThreshold && next !== undefined && /^-\d|^-\.\d/.test(next)) {
      joined.push(`${arg}=${next}`);
      index += 1;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: joinNegativeThresholds(argv),
    allowPositionals: true,
    strict: true,
    options: {
      'dry-run': { type: 'boolean' },
      dotenv: { type: 'string' },
      'alert-destination': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
      ...Object.fromEntries(THRESHOLD_FLAGS.map((flag) => [flag, { type: 'string' as const }])),
    },
  });
}
