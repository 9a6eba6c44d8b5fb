import type { ChildProcess } from 'node:child_process';

const children = new Set<ChildProcess>();
let hooked = false;

function killAll(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/**
 * Kill `child` when this process exits, unless it ended before (one `exit` listener for all).
 *
 * @example
 * ```ts
 * const child = spawn(process.execPath, [script]);
 * killOnParentExit(child);
 * ```
 */
export function killOnParentExit(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
  if (!hooked) {
    hooked = true;
    process.once('exit', killAll);
  }
}

/**
 * Node code preloaded into the child (`--import data:...`) that exits once its parent is gone
 * (re-parented), covering a parent killed with SIGKILL where no `exit` handler runs.
 */
export const ORPHAN_WATCHDOG_IMPORT = `data:text/javascript,${encodeURIComponent(
  'const parent = process.ppid; setInterval(() => { if (process.ppid !== parent) process.exit(0); }, 500).unref();',
)}`;
