// Shared by every copy of this package in the process, so each message is printed once per process.
const SAID_KEY = Symbol.for('portobserve.next.said');
type GlobalWithSaid = typeof globalThis & { [SAID_KEY]?: Set<string> };

/** Prints `[portobserve] message` with `write` the first time `kind` is seen in this process. */
export function sayOnce(kind: string, message: string, write: (text: string) => void = console.warn): void {
  const globalScope = globalThis as GlobalWithSaid;
  globalScope[SAID_KEY] ??= new Set();
  const said = globalScope[SAID_KEY];
  if (said.has(kind)) return;
  said.add(kind);
  write(`[portobserve] ${message}`);
}
