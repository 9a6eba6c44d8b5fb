/** Where a secret was found, with the secret itself masked so the report does not leak it again. */
export interface SecretFinding {
  /** The label of the text it was found in (`stderr`, `request 3 body`, ...). */
  where: string;
  /** Which form matched: `as is`, `base64`, `decoded Basic credentials`, `password`, `URL-encoded`, `JSON-escaped`. */
  form: string;
  /** The secret, masked (`Basi…M=` style). */
  secret: string;
  /** The surrounding text, the secret replaced by `[SECRET]`. */
  excerpt: string;
}

const MIN_FORM_LENGTH = 6;

/**
 * Every form in which a secret could leak: as is; the part after an auth scheme (`Basic `,
 * `Bearer `); for Basic credentials the decoded `email:password` and the password alone; base64 of
 * the secret; and each of those URL-encoded and JSON-escaped. Forms shorter than 6 characters are left
 * out (they would match ordinary text).
 *
 * @example
 * ```ts
 * secretForms('Basic cm9vdDpodW50ZXIy').map((form) => form.form);
 * // ['as is', 'credentials', 'decoded Basic credentials', 'password', 'base64', ...]
 * ```
 */
export function secretForms(secret: string): { form: string; value: string }[] {
  const forms: { form: string; value: string }[] = [];
  const add = (form: string, value: string | undefined): void => {
    if (value && value.length >= MIN_FORM_LENGTH && !forms.some((known) => known.value === value)) {
      forms.push({ form, value });
    }
  };
  add('as is', secret);
  const schemed = /^([A-Za-z][\w-]*)\s+(\S+)$/.exec(secret.trim());
  const credentials = schemed?.[2] ?? secret;
  add('credentials', credentials);
  const decoded = decodeBase64(credentials);
  if (decoded) {
    add('decoded Basic credentials', decoded);
    if (decoded.includes(':')) add('password', decoded.slice(decoded.indexOf(':') + 1));
  }
  add('base64', Buffer.from(secret, 'utf8').toString('base64'));
  for (const known of [...forms]) {
    add(`${known.form}, URL-encoded`, encodeURIComponent(known.value));
    add(`${known.form}, JSON-escaped`, JSON.stringify(known.value).slice(1, -1));
  }
  return forms;
}

function decodeBase64(text: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  const decoded = Buffer.from(text, 'base64').toString('utf8');
  return /^[\x20-\x7e]+$/.test(decoded) ? decoded : undefined;
}

/**
 * Looks for each secret, in each of its {@link secretForms}, in a text. Returns every finding, masked.
 *
 * @example
 * ```ts
 * findSecrets(childOutput.text(), [openobserve.authToken], 'child output'); // [] when nothing leaked
 * ```
 */
export function findSecrets(text: string, secrets: readonly string[], where = 'text'): SecretFinding[] {
  const findings: SecretFinding[] = [];
  for (const secret of secrets) {
    for (const { form, value } of secretForms(secret)) {
      let index = text.indexOf(value);
      while (index >= 0) {
        const start = Math.max(0, index - 60);
        const excerpt = `${text.slice(start, index)}[SECRET]${text.slice(index + value.length, index + value.length + 60)}`;
        findings.push({ where, form, secret: mask(secret), excerpt: excerpt.replace(/\s+/g, ' ') });
        index = text.indexOf(value, index + value.length);
      }
    }
  }
  return findings;
}

/**
 * Throws when any secret appears in any of the texts, listing where and in which form (masked).
 *
 * @example
 * ```ts
 * expectNoSecrets({ 'child output': output.text(), 'bytes received': ingestedText(openobserve) }, [openobserve.authToken]);
 * ```
 */
export function expectNoSecrets(texts: Record<string, string>, secrets: readonly string[]): void {
  const findings = Object.entries(texts).flatMap(([where, text]) => findSecrets(text, secrets, where));
  if (findings.length === 0) return;
  const listed = findings
    .slice(0, 20)
    .map((finding) => `- ${finding.where}: ${finding.form} of ${finding.secret}: …${finding.excerpt}…`)
    .join('\n');
  throw new Error(`${findings.length} secret(s) leaked:\n${listed}`);
}

function mask(secret: string): string {
  return secret.length <= 8 ? '****' : `${secret.slice(0, 4)}…${secret.slice(-2)}`;
}
