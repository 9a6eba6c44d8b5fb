import { context, isSpanContextValid, propagation, trace } from '@opentelemetry/api';

type Fetch = typeof globalThis.fetch;

const PORTKEY_TRACE_ID_HEADER = 'x-portkey-trace-id';

const setIfAbsent = {
  set(carrier: Headers, key: string, value: string) {
    if (!carrier.has(key)) carrier.set(key, value);
  },
};

/**
 * A request's init with the active trace added, as OpenTelemetry's HTTP instrumentations do: W3C
 * `traceparent` (and baggage), and, with `portkeyTraceId`, `x-portkey-trace-id` so Portkey's logs and
 * the trace share one id. Headers the request already has are kept, a `Request`'s own included. With no
 * active trace, `init` as it is.
 *
 * @example
 * ```ts
 * const traced: typeof fetch = (input, init) => send(input, withTraceHeaders(input, init, true));
 * ```
 */
export function withTraceHeaders(
  input: Parameters<Fetch>[0],
  init: RequestInit | undefined,
  portkeyTraceId: boolean,
): RequestInit | undefined {
  const active = context.active();
  const spanContext = trace.getSpanContext(active);
  if (!spanContext || !isSpanContextValid(spanContext)) return init;
  // A Request's own headers would be replaced by init.headers: start from them.
  const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
  if (portkeyTraceId && !headers.has(PORTKEY_TRACE_ID_HEADER))
    headers.set(PORTKEY_TRACE_ID_HEADER, spanContext.traceId);
  propagation.inject(active, headers, setIfAbsent);
  return { ...init, headers };
}
