/**
 * openai's error classes, each before the classes it extends. They set no `name`, so a bundle that
 * renames classes (Next.js's server build) would store `error.type` as `nh`; the client class carries
 * them all as static properties (`OpenAI.APIUserAbortError`), which names them whatever the bundler did.
 */
const OPENAI_ERROR_CLASSES = [
  'APIConnectionTimeoutError',
  'APIConnectionError',
  'APIUserAbortError',
  'BadRequestError',
  'AuthenticationError',
  'PermissionDeniedError',
  'NotFoundError',
  'ConflictError',
  'UnprocessableEntityError',
  'RateLimitError',
  'InternalServerError',
  'OAuthError',
  'APIError',
  'LengthFinishReasonError',
  'ContentFilterFinishReasonError',
  'SubjectTokenProviderError',
  'InvalidWebhookSignatureError',
  'OpenAIError',
] as const;

type ErrorNamer = (error: unknown) => string | undefined;

const namers = new WeakMap<object, ErrorNamer | undefined>();

/**
 * A function that names an error by the openai error class it is an instance of, from the classes the
 * client's class exposes; undefined when it exposes none. Made once per client class.
 *
 * @example
 * ```ts
 * const name = openAIErrorNamer(OpenAI)?.(error); // 'APIUserAbortError', even in a minified bundle
 * ```
 */
export function openAIErrorNamer(clientClass: unknown): ErrorNamer | undefined {
  if (typeof clientClass !== 'function') return undefined;
  if (namers.has(clientClass)) return namers.get(clientClass);
  const statics = clientClass as unknown as Record<string, unknown>;
  const classes: Array<readonly [string, abstract new (...args: never[]) => unknown]> = [];
  for (const name of OPENAI_ERROR_CLASSES) {
    const errorClass = statics[name];
    if (typeof errorClass === 'function')
      classes.push([name, errorClass as abstract new (...args: never[]) => unknown]);
  }
  const namer: ErrorNamer | undefined =
    classes.length === 0
      ? undefined
      : (error) => {
          for (const [name, errorClass] of classes) if (error instanceof errorClass) return name;
          return undefined;
        };
  namers.set(clientClass, namer);
  return namer;
}
