import { context, isSpanContextValid, propagation, trace } from '@opentelemetry/api';
import { sendThroughGlobalFetch } from '@portobserve/core/adapter';
import { TRACE_ID_HEADER } from './portkey-headers.js';

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

const headerSetter = {
  set(carrier: Headers, key: string, value: string) {
    if (!carrier.has(key)) carrier.set(key, value);
  },
};

/**
 * Wraps the client's `fetch` so each request carries the active OpenTelemetry trace: as
 * `x-portkey-trace-id` (unless the call set its own, or `traceId` was fixed) and as W3C `traceparent`
 * (Portkey's hosted gateway links traces by it; `forwardTraceparent` passes it to the provider).
 */
export function withTraceHeaders(baseFetch: Fetch | undefined, fillTraceId: boolean): Fetch {
  const fetchImplementation = baseFetch ?? sendThroughGlobalFetch();
  return function fetchWithTraceHeaders(input, init) {
    const active = context.active();
    const spanContext = trace.getSpanContext(active);
    if (!spanContext || !isSpanContextValid(spanContext)) return fetchImplementation(input, init);
    const headers = new Headers(init?.headers);
    if (fillTraceId && !headers.has(TRACE_ID_HEADER)) headers.set(TRACE_ID_HEADER, spanContext.traceId);
    propagation.inject(active, headers, headerSetter);
    return fetchImplementation(input, { ...init, headers });
  };
}
