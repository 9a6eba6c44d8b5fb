const SECRET_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // OpenAI-style keys, also as the SDK prints them partly masked ("sk-proj-abc***xyz"). A key never
  // ends in a dot, so the full stop of "Incorrect API key provided: sk-....", is kept.
  [/\b(sk|pk|rk)-[A-Za-z0-9_*.-]{5,}[A-Za-z0-9_*-]/g, '$1-[REDACTED]'],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=*-]{6,}/gi, '$1 [REDACTED]'],
  [
    /("?(?:api[_-]?key|authorization|x-portkey-api-key|x-portkey-virtual-key|password|token)"?\s*[:=]\s*"?)[^",\s}]+/gi,
    '$1[REDACTED]',
  ],
];

/** Removes API keys, bearer tokens and `api_key` values from text that goes on a span. */
export function scrubSecrets(text: string): string {
  let scrubbed = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) scrubbed = scrubbed.replace(pattern, replacement);
  return scrubbed;
}
