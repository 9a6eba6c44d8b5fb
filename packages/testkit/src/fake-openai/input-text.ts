/**
 * Every piece of text found in a request input: strings, `text` / `content` / `input` fields of
 * message objects and content parts, recursively. Used only to count prompt words.
 *
 * @example
 * ```ts
 * collectText([{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]); // ['hi']
 * ```
 */
export function collectText(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((item) => collectText(item));
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  return [record.text, record.content, record.input, record.output].flatMap((field) => collectText(field));
}

/**
 * Split a text into word-sized pieces that concatenate back to it (`'a b c'` → `['a', ' b', ' c']`).
 *
 * @example
 * ```ts
 * splitIntoPieces('a b c'); // ['a', ' b', ' c']
 * ```
 */
export function splitIntoPieces(text: string): string[] {
  return text.match(/\s*\S+\s*$|\s*\S+/g) ?? (text === '' ? [] : [text]);
}

/**
 * Split a string into at most `parts` consecutive fragments of similar length.
 *
 * @example
 * ```ts
 * splitEvenly('abcdef', 3); // ['ab', 'cd', 'ef']
 * ```
 */
export function splitEvenly(text: string, parts: number): string[] {
  if (text.length === 0) return [];
  const size = Math.max(1, Math.ceil(text.length / parts));
  const fragments: string[] = [];
  for (let start = 0; start < text.length; start += size) fragments.push(text.slice(start, start + size));
  return fragments;
}
