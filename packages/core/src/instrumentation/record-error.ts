import { type Span, SpanStatusCode } from '@opentelemetry/api';
import { GEN_AI } from './attribute-names.js';
import { scrubSecrets } from './scrub-secrets.js';

/**
 * Status ERROR, `error.type` (the HTTP status for API errors, else the error's class) and an
 * `exception` event, with every secret scrubbed from the message and stack.
 */
export function recordError(span: Span, error: unknown): void {
  const type = errorType(error);
  const message = scrubSecrets(errorMessage(error));
  span.setAttribute(GEN_AI.errorType, type);
  span.addEvent('exception', {
    'exception.type': error instanceof Error ? error.constructor.name || error.name : typeof error,
    'exception.message': message,
    ...(error instanceof Error && error.stack ? { 'exception.stacktrace': scrubSecrets(error.stack) } : {}),
  });
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

/** The HTTP status of an `APIError` as a string ("429"), else the error's class name. */
export function errorType(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number') return String(status);
    if (error instanceof Error) {
      const name = error.constructor.name;
      return name && name !== 'Error' ? name : error.name || 'Error';
    }
  }
  return '_OTHER';
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'unknown error';
}
