/** Logs a warning the first time each kind is seen, then stays quiet for that kind. */
export function createWarnOnce(write: (message: string) => void = (message) => console.warn(message)) {
  const seen = new Set<string>();
  return (kind: string, message: string): void => {
    if (seen.has(kind)) return;
    seen.add(kind);
    write(`[portobserve] ${message}`);
  };
}

export type WarnOnce = ReturnType<typeof createWarnOnce>;
