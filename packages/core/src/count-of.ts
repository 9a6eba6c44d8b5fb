/**
 * A count with its noun, singular for one: `countOf(1, 'span')` is "1 span", `countOf(3, 'span')`
 * "3 spans". For the messages people read (warnings, the CLI's lines).
 */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
