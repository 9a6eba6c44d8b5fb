/** Matches ANSI escape sequences (colors, cursor moves) in terminal output. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI sequences start with ESC.
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

/**
 * The last `limit` characters written to it, for diagnostics.
 *
 * @example
 * ```ts
 * const output = new OutputBuffer();
 * child.stdout?.on('data', (chunk: Buffer) => output.append(chunk));
 * ```
 */
export class OutputBuffer {
  private text = '';

  constructor(private readonly limit = 64 * 1024) {}

  append(chunk: Buffer | string): void {
    this.text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (this.text.length > this.limit) this.text = this.text.slice(-this.limit);
  }

  /** The captured text without ANSI escapes; spinner redraws (`\r`) become new lines. */
  toString(): string {
    return this.text.replace(ANSI, '').replace(/\r(?!\n)/g, '\n');
  }
}
