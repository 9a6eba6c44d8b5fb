/**
 * Whether what OpenObserve holds already says everything `desired` says: every key of `desired` has
 * an equal value in `actual` (recursively; arrays element by element, same length). Keys the server
 * adds are ignored, and a `null` in `desired` also matches a missing key, since the server writes
 * some empty options as `null` and leaves others out.
 *
 * @example
 * ```ts
 * containsDesired({ title: 'A', owner: 'root', color: null }, { title: 'A', color: null }); // true
 * containsDesired({ title: 'B' }, { title: 'A' }); // false
 * ```
 */
export function containsDesired(actual: unknown, desired: unknown): boolean {
  if (desired === null || desired === undefined) return actual === null || actual === undefined;
  if (Array.isArray(desired)) {
    return (
      Array.isArray(actual) &&
      actual.length === desired.length &&
      desired.every((item, index) => containsDesired(actual[index], item))
    );
  }
  if (typeof desired === 'object') {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return false;
    return Object.entries(desired).every(([key, value]) =>
      containsDesired((actual as Record<string, unknown>)[key], value),
    );
  }
  return actual === desired;
}
