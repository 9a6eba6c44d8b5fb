import { AsyncLocalStorage } from 'node:async_hooks';
import type { LLMCall } from './llm-call.js';

/** Which instrumentation path is handling the LLM request in progress here. */
export interface InFlightRequest {
  /** `openai`: the `openai` class instrumentation; `transport`: the fetch capture. */
  readonly via: 'openai' | 'transport';
  /** The call, when one is being made (none when neither its span nor its metrics are recorded). */
  readonly call: LLMCall | undefined;
}

// One store for every copy of core in the process, and independent of the OpenTelemetry context
// manager: the transport capture must see the `openai` path's marker even where no context manager
// is registered, or a request would be counted twice.
const STORE_KEY = Symbol.for('portobserve.in-flight-request');
type GlobalWithStore = typeof globalThis & { [STORE_KEY]?: AsyncLocalStorage<InFlightRequest> };

function store(): AsyncLocalStorage<InFlightRequest> {
  const scope = globalThis as GlobalWithStore;
  scope[STORE_KEY] ??= new AsyncLocalStorage<InFlightRequest>();
  return scope[STORE_KEY];
}

/** Runs `work` marked as handled by `request`: the transport capture steps aside inside it. */
export function runInFlight<T>(request: InFlightRequest, work: () => T): T {
  return store().run(request, work);
}

/** The LLM request being handled here, if any. */
export function inFlightRequest(): InFlightRequest | undefined {
  return store().getStore();
}
