const KEPT_KEY = /^[a-z0-9_]*$/;
const NOT_KEY_CHAR = /[^a-z0-9_]/gu;

/**
 * Formats an attribute key the way OpenObserve names its columns.
 *
 * A key made only of `[a-z0-9_]` is kept as it is. Any other key has its ASCII upper case lowered
 * and every character other than `[a-z0-9_]` replaced by `_` (one `_` per Unicode code point, as the
 * server walks Rust `char`s). There is no length limit and runs of `_` are not collapsed.
 *
 * @param key - the attribute key as sent in OTLP (for example `llm.token_count.prompt`)
 * @returns the column name OpenObserve shows (for example `llm_token_count_prompt`)
 *
 * @example
 * ```ts
 * formatOpenObserveKey('llm.token_count.prompt'); // 'llm_token_count_prompt'
 * formatOpenObserveKey('HTTP.Method'); // 'http_method'
 * formatOpenObserveKey('a..b'); // 'a__b'
 * ```
 */
export function formatOpenObserveKey(key: string): string {
  if (KEPT_KEY.test(key)) {
    return key;
  }
  return key.replace(/[A-Z]/g, (c) => c.toLowerCase()).replace(NOT_KEY_CHAR, '_');
}
