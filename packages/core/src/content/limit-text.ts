const DATA_URL = /^data:([\w.+-]+\/[\w.+-]+)?(?:;[\w-]+=[^;,]*)*;base64,/i;

/**
 * Makes one piece of text fit on a span: a base64 data URL becomes a short placeholder that gives its
 * media type and size; text longer than `maxLength` is cut and says how much was cut.
 *
 * @example
 * ```ts
 * limitText('data:image/png;base64,iVBORw0KGgo...', 100); // "[base64 image/png, 1234 bytes]"
 * ```
 */
export function limitText(text: string, maxLength: number): string {
  if (text.length > 64 && text.charCodeAt(0) === 100 /* d */ && text.startsWith('data:')) {
    const match = DATA_URL.exec(text);
    if (match)
      return base64Placeholder(match[1] ?? 'application/octet-stream', text.length - match[0].length);
  }
  if (text.length <= maxLength) return text;
  const cut = text.length - maxLength;
  return `${text.slice(0, maxLength)}…[truncated ${cut} chars]`;
}

/** `[base64 image/png, 1234 bytes]`: the decoded size of `base64Length` characters. */
export function base64Placeholder(mediaType: string, base64Length: number): string {
  return `[base64 ${mediaType}, ${Math.floor((base64Length * 3) / 4)} bytes]`;
}
