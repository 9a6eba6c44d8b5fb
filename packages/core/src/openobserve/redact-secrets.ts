import { scrubSecrets } from '../mapping/scrub-secrets.js';
import { withoutCredentials } from './resolve-export-target.js';

/** Header names whose values are credentials. */
const SECRET_HEADER = /authorization|auth|token|key|secret|password|passwd|cookie|signature|credential/i;
/** Shorter fragments are not searched for: they would blank out ordinary words. */
const MIN_FRAGMENT_LENGTH = 6;

/**
 * The credentials in export headers, in every form a backend might echo them: the header value, the
 * part after its scheme (`Basic `, `Bearer `), and for Basic the decoded `email:password` and the
 * password alone, each also URL-encoded and JSON-escaped.
 *
 * @example
 * ```ts
 * secretsOfHeaders({ Authorization: 'Basic cm9vdDpodW50ZXIy', 'stream-name': 'default' });
 * // ['Basic cm9vdDpodW50ZXIy', 'cm9vdDpodW50ZXIy', 'root:hunter2', 'hunter2', ...]
 * ```
 */
export function secretsOfHeaders(headers: Record<string, string>): string[] {
  const secrets = new Set<string>();
  for (const [name, value] of Object.entries(headers)) {
    if (!SECRET_HEADER.test(name)) continue;
    for (const fragment of credentialFragments(value)) {
      for (const form of [fragment, encodeURIComponent(fragment), JSON.stringify(fragment).slice(1, -1)]) {
        if (form.length >= MIN_FRAGMENT_LENGTH || form === value) secrets.add(form);
      }
    }
  }
  // Longest first, so a value is replaced whole before its parts are looked for.
  return [...secrets].sort((a, b) => b.length - a.length);
}

function credentialFragments(value: string): string[] {
  const fragments = [value];
  const schemed = /^([A-Za-z][\w-]*)\s+(\S.*)$/.exec(value.trim());
  const credentials = schemed?.[2] ?? value.trim();
  fragments.push(credentials);
  if (!schemed || schemed[1]?.toLowerCase() === 'basic') {
    const decoded = decodeBase64Text(credentials);
    if (decoded) {
      fragments.push(decoded);
      const colon = decoded.indexOf(':');
      if (colon >= 0) fragments.push(decoded.slice(colon + 1));
    }
  }
  return fragments.filter((fragment) => fragment.length > 0);
}

function decodeBase64Text(text: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  const decoded = Buffer.from(text, 'base64').toString('utf8');
  // Only text that round-trips and is printable is a real encoding, not a coincidence.
  if (Buffer.from(decoded, 'utf8').toString('base64').replace(/=+$/, '') !== text.replace(/=+$/, '')) {
    return undefined;
  }
  return /^[\x20-\x7e]+$/.test(decoded) ? decoded : undefined;
}

/**
 * A function that removes the given secrets, URL passwords, API keys and bearer or basic tokens from
 * a text before it is logged. Every message the export prints goes through one.
 *
 * @example
 * ```ts
 * const redact = createRedactor(secretsOfHeaders({ Authorization: 'Basic abc123xyz' }));
 * redact('401: token abc123xyz refused'); // '401: token [REDACTED] refused'
 * ```
 */
export function createRedactor(secrets: readonly string[]): (text: string) => string {
  return (text) => {
    let redacted = text;
    for (const secret of secrets) redacted = redacted.split(secret).join('[REDACTED]');
    return scrubSecrets(withoutCredentials(redacted));
  };
}
