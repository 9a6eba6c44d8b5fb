/**
 * One header's value from any shape the `openai` client accepts: a `Headers`, a record (any case), an
 * array of pairs, or nested arrays of those (`buildHeaders` input). Later sources win, as in the SDK.
 */
export function readHeader(sources: readonly unknown[], name: string): string | undefined {
  let found: string | undefined;
  for (const source of sources) {
    const value = readOne(source, name);
    if (value !== undefined) found = value ?? undefined;
  }
  return found;
}

function readOne(source: unknown, name: string): string | null | undefined {
  if (!source || typeof source !== 'object') return undefined;
  if (typeof (source as Headers).get === 'function' && typeof (source as Headers).has === 'function') {
    return (source as Headers).get(name) ?? undefined;
  }
  if (Array.isArray(source)) {
    let found: string | null | undefined;
    for (const entry of source) {
      if (Array.isArray(entry) && typeof entry[0] === 'string') {
        if (entry[0].toLowerCase() === name) found = entry[1] == null ? null : String(entry[1]);
      } else {
        const nested = readOne(entry, name);
        if (nested !== undefined) found = nested;
      }
    }
    return found;
  }
  for (const key in source as Record<string, unknown>) {
    if (key.toLowerCase() !== name) continue;
    const value = (source as Record<string, unknown>)[key];
    return value == null ? null : String(value);
  }
  return undefined;
}
