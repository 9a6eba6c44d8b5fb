const PLACEHOLDER = /__PORTOBSERVE_[A-Z0-9_]+__/g;

/**
 * Replaces `__PORTOBSERVE_…__` placeholders in every string of a JSON value (a dashboard or alert
 * file) and returns a copy. A placeholder left without a value is an error: nothing half-filled is
 * ever sent.
 *
 * @example
 * ```ts
 * fillPlaceholders({ sql: 'FROM "__PORTOBSERVE_TRACES_STREAM__"' }, { __PORTOBSERVE_TRACES_STREAM__: 'default' });
 * // { sql: 'FROM "default"' }
 * ```
 */
export function fillPlaceholders<T>(value: T, values: Readonly<Record<string, string>>): T {
  const fill = (item: unknown): unknown => {
    if (typeof item === 'string') {
      return item.replace(PLACEHOLDER, (name) => {
        const replacement = values[name];
        if (replacement === undefined) throw new Error(`no value for the placeholder ${name}`);
        return replacement;
      });
    }
    if (Array.isArray(item)) return item.map(fill);
    if (typeof item === 'object' && item !== null) {
      return Object.fromEntries(Object.entries(item).map(([key, child]) => [key, fill(child)]));
    }
    return item;
  };
  return fill(value) as T;
}
