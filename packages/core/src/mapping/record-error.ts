import { type Span, SpanStatusCode } from '@opentelemetry/api';
import { cutText } from '../content/limit-text.js';
import { GEN_AI } from './attribute-names.js';
import { scrubSecrets } from './scrub-secrets.js';

const MAX_MESSAGE_LENGTH = 2000;
const MAX_STACK_LENGTH = 8000;

/**
 * Status ERROR, `error.type` (the HTTP status for API errors, else the error's class) and an
 * `exception` event, with every secret scrubbed from the message and stack. `detail` replaces a message
 * that says less (the gateway's own message, which the SDK's error lost).
 */
export function recordError(span: Span, error: unknown, detail?: string, className?: string): void {
  const type = errorType(error, className);
  const status = (error as { status?: unknown } | undefined)?.status;
  const raw =
    detail === undefined ? errorMessage(error) : `${typeof status === 'number' ? `${status} ` : ''}${detail}`;
  const message = scrubSecrets(cutText(raw, MAX_MESSAGE_LENGTH));
  span.setAttribute(GEN_AI.errorType, type);
  span.addEvent('exception', {
    'exception.type': error instanceof Error ? (className ?? errorClassName(error)) : typeof error,
    'exception.message': message,
    ...(error instanceof Error && error.stack
      ? { 'exception.stacktrace': scrubSecrets(cutText(error.stack, MAX_STACK_LENGTH)) }
      : {}),
  });
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

/**
 * The HTTP status of an `APIError` as a string ("429"), else the error's class name (`className` when
 * the caller knows it better: an SDK class in a minified bundle).
 */
export function errorType(error: unknown, className?: string): string {
  if (typeof error === 'object' && error !== null) {
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number') return String(status);
    if (error instanceof Error) return className ?? errorClassName(error);
  }
  return '_OTHER';
}

/**
 * The error's `name` when it has one of its own (ours do, as do `TypeError`, `AbortError`...), else its
 * class's name (openai's errors set no `name`). A `name` outlives minification: Next's server build
 * renames classes, so `APIUserAbortError` would be stored as `nh`.
 */
function errorClassName(error: Error): string {
  const name = error.name;
  if (typeof name === 'string' && name !== '' && name !== 'Error') return name;
  return error.constructor.name || 'Error';
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'unknown error';
}
