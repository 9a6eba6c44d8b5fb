/**
 * Logs a message the first time each kind is seen, then stays quiet for that kind. `seen` decides the
 * scope: a fresh set (the default) per exporter, or {@link processWideKinds} for the whole process.
 *
 * @example
 * ```ts
 * const infoOnce = createWarnOnce((message) => console.info(message), processWideKinds());
 * infoOnce('edge-runtime', 'nothing to do on the Edge runtime'); // printed once per process
 * ```
 */
export function createWarnOnce(
  write: (message: string) => void = (message) => console.warn(message),
  seen: Set<string> = new Set(),
) {
  return (kind: string, message: string): void => {
    if (seen.has(kind)) return;
    seen.add(kind);
    write(`[portobserve] ${message}`);
  };
}

export type WarnOnce = ReturnType<typeof createWarnOnce>;

// Shared by every copy of @portobserve/core in the process (ESM and CJS builds, bundles).
const SEEN_KEY = Symbol.for('portobserve.openobserve.warned');
type GlobalWithSeen = typeof globalThis & { [SEEN_KEY]?: Set<string> };

/**
 * The kinds already logged in this process, shared by every copy of this package.
 *
 * @example
 * ```ts
 * const warnOnce = createWarnOnce(undefined, processWideKinds());
 * ```
 */
export function processWideKinds(): Set<string> {
  const globalScope = globalThis as GlobalWithSeen;
  globalScope[SEEN_KEY] ??= new Set();
  return globalScope[SEEN_KEY];
}
