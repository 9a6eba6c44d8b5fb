/** True for any non-null object: the SDK's bodies, chunks and events, read defensively. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
