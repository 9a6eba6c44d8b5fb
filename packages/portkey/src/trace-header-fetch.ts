import { withTraceHeaders as initWithTraceHeaders, sendThroughGlobalFetch } from '@portobserve/core/adapter';

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * Wraps the client's `fetch` so each request carries the active OpenTelemetry trace: as
 * `x-portkey-trace-id` (unless the call set its own, or `traceId` was fixed) and as W3C `traceparent`
 * (Portkey's hosted gateway links traces by it; `forwardTraceparent` passes it to the provider).
 */
export function withTraceHeaders(baseFetch: Fetch | undefined, fillTraceId: boolean): Fetch {
  const send = baseFetch ?? sendThroughGlobalFetch();
  return function fetchWithTraceHeaders(input, init) {
    return send(input, initWithTraceHeaders(input, init, fillTraceId));
  };
}
