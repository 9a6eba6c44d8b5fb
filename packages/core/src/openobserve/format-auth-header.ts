/**
 * The `Authorization` value for a token as users write it: `Basic <base64>` or any
 * `<scheme> <credentials>` goes as is, `email:password` is base64-encoded, a bare token gets `Basic `.
 */
export function formatAuthHeader(token: string): string {
  const trimmed = token.trim();
  if (/^[A-Za-z][A-Za-z0-9_-]*\s+\S/.test(trimmed)) return trimmed;
  if (trimmed.includes(':')) return `Basic ${Buffer.from(trimmed, 'utf8').toString('base64')}`;
  return `Basic ${trimmed}`;
}
