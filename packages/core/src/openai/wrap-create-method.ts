import type { Span } from '@opentelemetry/api';
import { activeForeignLLMSpan, addPortkeyFacts, isForeignInstrumentation } from '../call/foreign-llm-span.js';
import { runInFlight } from '../call/in-flight-request.js';
import { startLLMCall } from '../call/start-llm-call.js';
import { isRecord } from '../mapping/is-record.js';
import type { LLMOperation } from '../mapping/llm-operation.js';
import { readPortkeyRequestFacts } from '../mapping/portkey-attributes.js';
import { serverIdentityOfResource } from '../mapping/server-identity.js';
import type { InstrumentationSettings } from '../settings/instrumentation-settings.js';
import { isAPIPromiseLike, observeAPIPromise } from './observe-api-promise.js';
import { openAIErrorNamer } from './openai-error-names.js';

type CreateMethod = (this: unknown, ...args: unknown[]) => unknown;

/** What one `instrumentOpenAI` call gave its wrappers; `active: false` makes them pass through. */
export interface WrapperState {
  active: boolean;
  readonly settings: InstrumentationSettings;
}

/** Marks our wrappers, so no copy of core ever wraps a wrapper. */
export const WRAPPED = Symbol.for('portobserve.openai.wrapped');

// Set while a wrapper calls through synchronously: a wrapper found inside another (an instance
// wrapper over a prototype wrapper, two copies of core) passes through, so one call is one span.
const IN_CALL = Symbol.for('portobserve.openai.in-call');
type GlobalWithFlag = typeof globalThis & { [IN_CALL]?: boolean };

export interface WrappedCreate extends CreateMethod {
  [WRAPPED]: { original: CreateMethod; state: WrapperState };
}

export function isWrapped(method: unknown): method is WrappedCreate {
  return typeof method === 'function' && WRAPPED in method;
}

/** Wraps a resource's `create(body, options)` so each call becomes one span. */
export function wrapCreateMethod(
  original: CreateMethod,
  operation: LLMOperation,
  state: WrapperState,
): WrappedCreate {
  // Over another instrumentation's wrapper: it makes the LLM span; the transport capture adds Portkey's facts.
  const wrapsForeign = isForeignInstrumentation(original);
  const wrapped = function create(this: unknown, ...args: unknown[]): unknown {
    const body = args[0];
    if ((globalThis as GlobalWithFlag)[IN_CALL] || !state.active || wrapsForeign || !isRecord(body)) {
      return original.apply(this, args);
    }
    const settings = state.settings;
    const foreign = activeForeignLLMSpan();
    if (foreign) return enrichForeignSpan(foreign, settings, () => callThrough(original, this, args));
    // Another instrumentation wraps ours (it patched after us) and its span is not recorded (sampled
    // out), so it was not found above: the call is its own, recorded or not, and we never count it.
    if (isForeignInstrumentation((this as { create?: unknown } | undefined)?.create)) {
      return runInFlight({ via: 'openai', call: undefined }, () => callThrough(original, this, args));
    }
    const client = (this as { _client?: { _options?: { defaultHeaders?: unknown } } } | undefined)?._client;
    const call = startLLMCall(
      operation,
      body,
      serverIdentityOfResource(this),
      settings,
      readPortkeyRequestFacts([
        client?._options?.defaultHeaders,
        (args[1] as { headers?: unknown } | undefined)?.headers,
      ]),
    );
    if (!call) return runInFlight({ via: 'openai', call }, () => callThrough(original, this, args));
    call.callerSignal = (args[1] as { signal?: AbortSignal } | undefined)?.signal;
    call.errorClassName = openAIErrorNamer(client?.constructor);

    if (
      settings.includeStreamUsage &&
      operation.supportsStreamUsage &&
      body.stream === true &&
      (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === undefined
    ) {
      args[0] = { ...body, stream_options: { ...(body.stream_options as object), include_usage: true } };
      call.hideUsageChunk = true;
    }

    let result: unknown;
    try {
      result = runInFlight(
        { via: 'openai', call },
        () => callThrough(original, this, args),
        call.spanToActivate,
      );
    } catch (error) {
      call.fail(error);
      throw error;
    }
    if (isAPIPromiseLike(result)) {
      observeAPIPromise(result, call);
    } else if (result && typeof (result as PromiseLike<unknown>).then === 'function') {
      (result as PromiseLike<unknown>).then(
        (value) => call.finishWithResponse(value),
        (error: unknown) => call.fail(error),
      );
    } else {
      call.finishWithResponse(result);
    }
    return result;
  } as WrappedCreate;
  Object.defineProperty(wrapped, WRAPPED, { value: { original, state } });
  Object.defineProperty(wrapped, 'length', { value: original.length });
  return wrapped;
}

/** Another instrumentation made this call's LLM span (it wraps ours): Portkey's facts go on it. */
function enrichForeignSpan(span: Span, settings: InstrumentationSettings, send: () => unknown): unknown {
  const result = runInFlight({ via: 'openai', call: undefined }, send);
  if (isAPIPromiseLike(result)) {
    result.responsePromise.then(
      (props) =>
        addPortkeyFacts(
          span,
          (props?.response as { headers?: unknown } | undefined)?.headers,
          settings.deprecatedGenAISystem,
        ),
      (error: unknown) =>
        addPortkeyFacts(
          span,
          (error as { headers?: unknown } | undefined)?.headers,
          settings.deprecatedGenAISystem,
        ),
    );
  }
  return result;
}

function callThrough(original: CreateMethod, self: unknown, args: unknown[]): unknown {
  const scope = globalThis as GlobalWithFlag;
  scope[IN_CALL] = true;
  try {
    return original.apply(self, args);
  } finally {
    scope[IN_CALL] = false;
  }
}
