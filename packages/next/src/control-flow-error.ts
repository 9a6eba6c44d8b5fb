/** What a Next.js control-flow error (`redirect()`, `notFound()`, ...) means for the request. */
export interface ControlFlow {
  /** The response status Next.js answers with, when the error decides it. */
  status: number | undefined;
}

// Errors Next.js throws to stop rendering, never failures: they must reach Next.js untouched.
const BAILOUT_DIGESTS = new Set([
  'DYNAMIC_SERVER_USAGE',
  'BAILOUT_TO_CLIENT_SIDE_RENDERING',
  'NEXT_PRERENDER_INTERRUPTED',
  'HANGING_PROMISE_REJECTION',
  'NEXT_STATIC_GEN_BAILOUT',
]);
const REACT_POSTPONE = Symbol.for('react.postpone');

/**
 * The control flow a thrown value stands for, or `undefined` for a real error. `redirect()` throws a
 * `digest` of `NEXT_REDIRECT;{type};{url};{status};`, `notFound()` / `forbidden()` / `unauthorized()`
 * `NEXT_HTTP_ERROR_FALLBACK;{status}` (`NEXT_NOT_FOUND` before Next.js 15).
 */
export function controlFlowOf(thrown: unknown): ControlFlow | undefined {
  if (typeof thrown !== 'object' || thrown === null) return undefined;
  if ((thrown as { $$typeof?: unknown }).$$typeof === REACT_POSTPONE) return { status: undefined };
  const digest = (thrown as { digest?: unknown }).digest;
  if (typeof digest !== 'string') return undefined;
  const [kind, ...parts] = digest.split(';');
  switch (kind) {
    case 'NEXT_REDIRECT':
      return { status: toStatus(parts[2]) ?? 307 };
    case 'NEXT_HTTP_ERROR_FALLBACK':
      return { status: toStatus(parts[0]) ?? 404 };
    case 'NEXT_NOT_FOUND':
      return { status: 404 };
    default:
      return kind !== undefined && BAILOUT_DIGESTS.has(kind) ? { status: undefined } : undefined;
  }
}

function toStatus(text: string | undefined): number | undefined {
  const status = Number(text);
  return Number.isInteger(status) && status >= 100 && status <= 599 ? status : undefined;
}
