import { context, SpanKind, trace } from '@opentelemetry/api';
import { CORE_VERSION } from '../version.js';
import type { InstrumentationState } from './instrumentation-state.js';
import { isRecord } from './is-record.js';
import { LLMCall } from './llm-call.js';
import type { LLMOperation } from './llm-operation.js';
import { isAPIPromiseLike, observeAPIPromise } from './observe-api-promise.js';
import { readPortkeyRequestFacts } from './portkey-attributes.js';
import { serverIdentityOf } from './server-identity.js';
import { writeRequestAttributes } from './write-request-attributes.js';

type CreateMethod = (this: unknown, ...args: unknown[]) => unknown;

/** Marks our wrappers, so no copy of core ever wraps a wrapper. */
export const WRAPPED = Symbol.for('portobserve.openai.wrapped');

// Set while a wrapper calls through synchronously: a wrapper found inside another (an instance
// wrapper over a prototype wrapper, two copies of core) passes through, so one call is one span.
const IN_CALL = Symbol.for('portobserve.openai.in-call');
type GlobalWithFlag = typeof globalThis & { [IN_CALL]?: boolean };

export interface WrappedCreate extends CreateMethod {
  [WRAPPED]: { original: CreateMethod; state: InstrumentationState };
}

export function isWrapped(method: unknown): method is WrappedCreate {
  return typeof method === 'function' && WRAPPED in method;
}

/** Wraps a resource's `create(body, options)` so each call becomes one span. */
export function wrapCreateMethod(
  original: CreateMethod,
  operation: LLMOperation,
  state: InstrumentationState,
): WrappedCreate {
  const wrapped = function create(this: unknown, ...args: unknown[]): unknown {
    const scope = globalThis as GlobalWithFlag;
    const body = args[0];
    if (scope[IN_CALL] || !state.active || !isRecord(body)) return original.apply(this, args);

    const span = trace
      .getTracer('@portobserve/core', CORE_VERSION)
      .startSpan(operation.spanName, { kind: SpanKind.CLIENT }, context.active());
    let requestBody = body;
    if (
      state.includeStreamUsage &&
      operation.supportsStreamUsage &&
      body.stream === true &&
      (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === undefined
    ) {
      requestBody = { ...body, stream_options: { ...(body.stream_options as object), include_usage: true } };
      args[0] = requestBody;
    }
    if (!span.isRecording()) {
      span.end();
      return callThrough(original, this, args);
    }

    const call = new LLMCall(span, operation, state.settings);
    try {
      const attributes = {};
      const client = (this as { _client?: { _options?: { defaultHeaders?: unknown } } } | undefined)?._client;
      const portkey = readPortkeyRequestFacts([
        client?._options?.defaultHeaders,
        (args[1] as { headers?: unknown } | undefined)?.headers,
      ]);
      writeRequestAttributes(
        operation,
        requestBody,
        serverIdentityOf(this),
        state.settings,
        attributes,
        portkey,
      );
      span.setAttributes(attributes);
    } catch {
      // A mapping bug loses attributes, never the user's call.
    }

    let result: unknown;
    try {
      result = context.with(trace.setSpan(context.active(), span), () => callThrough(original, this, args));
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

function callThrough(original: CreateMethod, self: unknown, args: unknown[]): unknown {
  const scope = globalThis as GlobalWithFlag;
  scope[IN_CALL] = true;
  try {
    return original.apply(self, args);
  } finally {
    scope[IN_CALL] = false;
  }
}
