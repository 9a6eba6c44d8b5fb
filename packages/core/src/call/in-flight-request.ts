import { AsyncLocalStorage } from 'node:async_hooks';
import { context, ROOT_CONTEXT, type Span, trace } from '@opentelemetry/api';
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
const IN_FLIGHT_KEY = Symbol.for('portobserve.in-flight-request.context');

// The transport capture must see the `openai` path's marker after the `openai` client's awaits, or a
// request would be counted twice. A context manager that carries the context across an await (the
// AsyncLocalStorage one, or one that runs work in a context derived from ours) carries the marker;
// with none, or one that works only synchronously, a store of our own carries it, one for every copy
// of core in the process.
const FALLBACK_STORE_KEY = Symbol.for('portobserve.in-flight-request.store');
type GlobalWithStore = typeof globalThis & { [FALLBACK_STORE_KEY]?: AsyncLocalStorage<InFlightRequest> };

function fallbackStore(): AsyncLocalStorage<InFlightRequest> {
  const scope = globalThis as GlobalWithStore;
  scope[FALLBACK_STORE_KEY] ??= new AsyncLocalStorage<InFlightRequest>();
  return scope[FALLBACK_STORE_KEY];
}

/** For each context manager: whether it carries a context across an await (unknown until probed). */
const carriesAcrossAwait = new WeakMap<object, boolean>();
const PROBE_KEY = Symbol.for('portobserve.in-flight-request.probe');

/**
 * Whether the global context manager is known to carry the context across an await. The first call
 * under a manager probes it (one microtask later) and answers false until then, so the first calls
 * are marked both ways. Once a manager is known to carry it, a fallback store is disabled: the
 * context has every marker the store has.
 */
function contextCarriesMarker(): boolean {
  const manager = (context as unknown as { _getContextManager?: () => object })._getContextManager?.();
  if (manager === undefined) return false;
  const known = carriesAcrossAwait.get(manager);
  if (known !== undefined) return known;
  carriesAcrossAwait.set(manager, false);
  const probe = ROOT_CONTEXT.setValue(PROBE_KEY, manager);
  context.with(probe, () =>
    Promise.resolve().then(() => {
      const carried = context.active().getValue(PROBE_KEY) === manager;
      carriesAcrossAwait.set(manager, carried);
      if (carried) (globalThis as GlobalWithStore)[FALLBACK_STORE_KEY]?.disable();
    }),
  );
  return false;
}

/**
 * Runs `work` marked as handled by `request`, with `span` active if given: the transport capture
 * steps aside inside it.
 */
export function runInFlight<T>(request: InFlightRequest, work: () => T, span?: Span): T {
  let marked = context.active().setValue(IN_FLIGHT_KEY, request);
  if (span) marked = trace.setSpan(marked, span);
  if (contextCarriesMarker()) return context.with(marked, work);
  return context.with(marked, () => fallbackStore().run(request, work));
}

/** The LLM request being handled here, if any. */
export function inFlightRequest(): InFlightRequest | undefined {
  const marked = context.active().getValue(IN_FLIGHT_KEY) as InFlightRequest | undefined;
  return marked ?? (globalThis as GlobalWithStore)[FALLBACK_STORE_KEY]?.getStore();
}
