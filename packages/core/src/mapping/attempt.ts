import { diag } from '@opentelemetry/api';
import { createWarnOnce } from '../openobserve/warn-once.js';
import { scrubSecrets } from './scrub-secrets.js';

const diagOnce = createWarnOnce((message) => diag.warn(message));

/**
 * Computes one attribute (or one group) on its own: a failure loses only that part, never the span's
 * other attributes or the user's call, and is reported once per part through OpenTelemetry's `diag`.
 */
export function attempt(part: string, work: () => void): void {
  try {
    work();
  } catch (error) {
    reportFailedPart(part, error);
  }
}

/** What {@link attempt} says when a part fails; for hot paths that catch inline (no closure per call). */
export function reportFailedPart(part: string, error: unknown): void {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  diagOnce(
    `attribute:${part}`,
    `could not record ${part} on an LLM span (${scrubSecrets(reason).slice(0, 200)}); it is left out.`,
  );
}
