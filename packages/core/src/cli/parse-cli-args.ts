import { parseArgs } from 'node:util';
import { ALERT_THRESHOLD_SETTINGS } from './alert-thresholds.js';
import { CliError } from './cli-error.js';

/** What the command line asks for. */
export interface CliArgs {
  command: 'install' | 'uninstall' | 'help' | 'version';
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
    throw new CliError('USAGE', `${(error as Error).message.replace(/\.$/, '')}: run npx portobserve --help`);
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
  if (tool === undefined) return { ...base, command: 'help' };
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

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
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
