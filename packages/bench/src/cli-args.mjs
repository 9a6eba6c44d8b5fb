// The bench scripts' command line: `--name=value` and `--flag` (true), anything else ignored.
export function parseArgs(argv = process.argv.slice(2)) {
  const parsed = {};
  for (const arg of argv) {
    const match = /^--([\w-]+)(?:=(.*))?$/.exec(arg);
    if (match) parsed[match[1]] = match[2] ?? true;
  }
  return parsed;
}
