const DATA_URL = /^data:([\w.+-]+\/[\w.+-]+)?(?:;[\w-]+=[^;,]*)*;base64,/i;
/** A data URL's header is short; the pattern only ever sees this many leading characters. */
const DATA_URL_HEADER_MAX = 256;
/** Strings at least this long that consist of base64 characters only are treated as binary data. */
const MIN_BASE64_LENGTH = 256;

/**
 * Makes one piece of text fit on a span: a base64 data URL or a long run of bare base64 becomes a
 * short placeholder that gives its media type and size; text longer than `maxLength` is cut and says
 * how much was cut. Linear in the text's length, whatever it holds.
 *
 * @example
 * ```ts
 * limitText('data:image/png;base64,iVBORw0KGgo...', 100); // "[base64 image/png, 1234 bytes]"
 * ```
 */
export function limitText(text: string, maxLength: number): string {
  if (text.length > 64) {
    const placeholder = binaryPlaceholder(text);
    if (placeholder !== undefined) return placeholder;
  }
  return cutText(text, maxLength);
}

/** `text` cut to `maxLength` characters plus a marker that says how many were cut. */
export function cutText(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  let end = maxLength;
  // Never split a surrogate pair: a lone half would be replaced on the wire.
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…[truncated ${text.length - end} chars]`;
}

/** `[base64 image/png, 1234 bytes]` for a data URL, `[base64 data, N bytes]` for bare base64, else undefined. */
function binaryPlaceholder(text: string): string | undefined {
  if (text.charCodeAt(0) === 100 /* d */ && text.startsWith('data:')) {
    const match = DATA_URL.exec(text.slice(0, DATA_URL_HEADER_MAX));
    if (match)
      return base64Placeholder(match[1] ?? 'application/octet-stream', text.length - match[0].length);
  }
  if (text.length >= MIN_BASE64_LENGTH && isBase64(text)) return base64Placeholder('data', text.length);
  return undefined;
}

/** `[base64 image/png, 1234 bytes]`: the decoded size of `base64Length` characters. */
export function base64Placeholder(mediaType: string, base64Length: number): string {
  return `[base64 ${mediaType}, ${Math.floor((base64Length * 3) / 4)} bytes]`;
}

/** Only `A-Z a-z 0-9 + /`, with at most two `=` at the end: one pass, no regex. */
function isBase64(text: string): boolean {
  let end = text.length;
  if (text.charCodeAt(end - 1) === 61 /* = */) end -= 1;
  if (text.charCodeAt(end - 1) === 61) end -= 1;
  for (let index = 0; index < end; index++) {
    const code = text.charCodeAt(index);
    const isLetterOrDigit =
      (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
    if (!isLetterOrDigit && code !== 43 /* + */ && code !== 47 /* / */) return false;
  }
  return true;
}
