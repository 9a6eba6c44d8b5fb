import { AsyncLocalStorage } from 'node:async_hooks';
import { context, type Span, trace } from '@opentelemetry/api';
import type { LLMCall } from './llm-call.js';

/** Which instrumentation path is handling the LLM request in progress here. */
export interface InFlightRequest {
  /** `openai`: the `openai` class instrumentation; `transport`: the fetch capture. */
  readonly via: 'openai' | 'transport';
  /** The call, when one is being made (none when neither its span nor its metrics are recorded). */
  readonly call: LLMCall | undefined;
}

// The marker rides in the OpenTelemetry context, in the same run that makes the call's span active:
// one context switch per call, and no AsyncLocalStorage of ours, which would cost every async
// resource of the app one more copy of its store. `Symbol.for` keys it the same in every copy of core.
const IN_FLIGHT_KEY = Symbol.for('portobserve.in-flight-request');

// Without a working context manager (none registered) the context does not carry the marker, yet the
// transport capture must still see the `openai` path's, or a request would be counted twice: then,
// and only then, a store of our own carries it, one for every copy of core in the process.
const FALLBACK_STORE_KEY = Symbol.for('portobserve.in-flight-request.store');
type GlobalWithStore = typeof globalThis & { [FALLBACK_STORE_KEY]?: AsyncLocalStorage<InFlightRequest> };

function fallbackStore(): AsyncLocalStorage<InFlightRequest> {
  const scope = globalThis as GlobalWithStore;
  scope[FALLBACK_STORE_KEY] ??= new AsyncLocalStorage<InFlightRequest>();
  return scope[FALLBACK_STORE_KEY];
}

/**
 * Runs `work` marked as handled by `request`, with `span` active if given: the transport capture
 * steps aside inside it.
 */
export function runInFlight<T>(request: InFlightRequest, work: () => T, span?: Span): T {
  let marked = context.active().setValue(IN_FLIGHT_KEY, request);
  if (span) marked = trace.setSpan(marked, span);
  return context.with(marked, () =>
    context.active() === marked ? work() : fallbackStore().run(request, work),
  );
}

/** The LLM request being handled here, if any. */
export function inFlightRequest(): InFlightRequest | undefined {
  const marked = context.active().getValue(IN_FLIGHT_KEY) as InFlightRequest | undefined;
  return marked ?? (globalThis as GlobalWithStore)[FALLBACK_STORE_KEY]?.getStore();
}
