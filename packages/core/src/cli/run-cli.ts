import { PortObserveError } from '../errors.js';
import type { Environment } from '../openobserve/read-env.js';
import { CORE_VERSION } from '../version.js';
import { resolveAlertDestination } from './alert-destination.js';
import { resolveAlertThresholds } from './alert-thresholds.js';
import { formatChange, summarizeChanges } from './change.js';
import type { CliContext } from './cli-context.js';
import { resolveConnectionSettings } from './connection-settings.js';
import { HELP_TEXT } from './help-text.js';
import { installOpenObserve } from './install-openobserve.js';
import { OpenObserveApi } from './openobserve-api.js';
import { openobservePaths } from './openobserve-paths.js';
import { parseCliArgs } from './parse-cli-args.js';
import { withEnvFile } from './read-env-file.js';
import { uninstallOpenObserve } from './uninstall-openobserve.js';

/** Where the CLI reads settings and writes its report. */
export interface CliIo {
  env: Environment;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/**
 * Runs `portobserve <args>` and resolves to the exit code: 0 when done, 1 on an error (one line on
 * stderr that names the setting and the fix), 2 on a usage error.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr });
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const args = parseCliArgs(argv);
    if (args.command === 'help') {
      io.stdout.write(HELP_TEXT);
      return 0;
    }
    // No command: nothing was done, and a script that runs `npx portobserve` alone must see that.
    if (args.command === 'usage') {
      io.stderr.write(
        `portobserve: no command given: use npx portobserve openobserve install (the help follows)\n\n${HELP_TEXT}`,
      );
      return 2;
    }
    if (args.command === 'version') {
      io.stdout.write(`${CORE_VERSION}\n`);
      return 0;
    }
    const env = withEnvFile(io.env, args.dotenv);
    const connection = resolveConnectionSettings(env);
    const thresholds = args.command === 'install' ? resolveAlertThresholds(args.thresholds, env) : undefined;
    const destination =
      args.command === 'install' ? resolveAlertDestination(args.alertDestination, env) : undefined;
    const context: CliContext = {
      api: new OpenObserveApi(connection),
      paths: openobservePaths(connection.org),
      connection,
      dryRun: args.dryRun,
    };
    const where = `OpenObserve ${connection.baseUrl}, organization "${connection.org}", traces stream "${connection.stream}"`;
    io.stdout.write(
      `${args.command === 'install' ? 'installing into' : 'uninstalling from'} ${where}${args.dryRun ? ' (dry run)' : ''}\n`,
    );
    const changes =
      args.command === 'install' && thresholds
        ? await installOpenObserve(context, { thresholds, destination })
        : await uninstallOpenObserve(context);
    for (const change of changes) io.stdout.write(`  ${formatChange(change, args.dryRun)}\n`);
    io.stdout.write(`${summarizeChanges(changes, args.dryRun)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof PortObserveError) {
      io.stderr.write(`portobserve: ${error.message}\n`);
      return error.code === 'USAGE' ? 2 : 1;
    }
    io.stderr.write(
      `portobserve: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}
