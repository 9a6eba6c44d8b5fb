/** Dated snapshots OpenAI reports for its base model aliases. */
const DATED_SNAPSHOTS: Readonly<Record<string, string>> = {
  'gpt-4o': 'gpt-4o-2024-08-06',
  'gpt-4o-mini': 'gpt-4o-mini-2024-07-18',
  'gpt-4.1': 'gpt-4.1-2025-04-14',
  'gpt-4.1-mini': 'gpt-4.1-mini-2025-04-14',
  'gpt-4.1-nano': 'gpt-4.1-nano-2025-04-14',
  'gpt-4-turbo': 'gpt-4-turbo-2024-04-09',
  'gpt-3.5-turbo': 'gpt-3.5-turbo-0125',
  'gpt-5': 'gpt-5-2025-08-07',
  'gpt-5-mini': 'gpt-5-mini-2025-08-07',
  'gpt-5-nano': 'gpt-5-nano-2025-08-07',
  o1: 'o1-2024-12-17',
  o3: 'o3-2025-04-16',
  'o3-mini': 'o3-mini-2025-01-31',
  'o4-mini': 'o4-mini-2025-04-16',
};

/**
 * The model name the fake reports: the scenario override, else the dated snapshot of a known
 * OpenAI alias (`gpt-4o-mini` → `gpt-4o-mini-2024-07-18`), else the requested name unchanged.
 *
 * @example
 * ```ts
 * servedModel('gpt-4o-mini'); // 'gpt-4o-mini-2024-07-18'
 * ```
 */
export function servedModel(requested: string, override?: string): string {
  if (override !== undefined) return override;
  return Object.hasOwn(DATED_SNAPSHOTS, requested) ? DATED_SNAPSHOTS[requested]! : requested;
}
