/** One call as the demo printed it. */
export interface PrintedCall {
  title: string;
  /** What the call printed before its row (answer, tool calls, ...). */
  lines: string[];
  /** The `look at:` line: what the row shows. */
  look?: string;
  skipped?: string;
  failed?: string;
  /** The printed row: column → value as printed. */
  row: Record<string, string>;
  traceId?: string;
  ui?: string;
  sql?: string;
}

/**
 * Reads the demo's output back: one entry per numbered call (`1/6 chat: ...`), with its lines, the
 * printed row and where to find it.
 */
export function parsePrintedStory(stdout: string): PrintedCall[] {
  const sections = stdout.split(/^(?=\d+\/\d+ )/m).slice(1);
  return sections.map((section) => {
    const [title = '', ...rest] = section.trimEnd().split('\n');
    const call: PrintedCall = { title: title.replace(/^\d+\/\d+ /, ''), lines: [], row: {} };
    let inRow = false;
    for (const line of rest) {
      if (line === '') break;
      const rowLine = /^ {4}(\w+) +(.*)$/.exec(line);
      if (inRow && rowLine) {
        call.row[rowLine[1] as string] = rowLine[2] as string;
        continue;
      }
      inRow = false;
      const text = line.replace(/^ {2}/, '');
      if (text === 'the row OpenObserve stored:') inRow = true;
      else if (text.startsWith('look at: ')) call.look = text.slice('look at: '.length);
      else if (text.startsWith('skipped: ')) call.skipped = text.slice('skipped: '.length);
      else if (text.startsWith('failed: ')) call.failed = text.slice('failed: '.length);
      else if (text.startsWith('find it in OpenObserve: ')) call.traceId = /trace (\w+)$/.exec(text)?.[1];
      else if (/^UI( path)? /.test(text)) call.ui = text.replace(/^UI( path)? +/, '');
      else if (text.startsWith('SQL ')) call.sql = text.replace(/^SQL +/, '');
      else call.lines.push(text);
    }
    return call;
  });
}
