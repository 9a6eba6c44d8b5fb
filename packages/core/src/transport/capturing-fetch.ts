import type { Span } from '@opentelemetry/api';
import { activeForeignLLMSpan, addPortkeyFacts } from '../call/foreign-llm-span.js';
import { inFlightRequest, runInFlight } from '../call/in-flight-request.js';
import { startLLMCall } from '../call/start-llm-call.js';
import { GEN_AI } from '../mapping/attribute-names.js';
import { isRecord } from '../mapping/is-record.js';
import { PORTKEY, readPortkeyRequestFacts } from '../mapping/portkey-attributes.js';
import { serverIdentityOfURL } from '../mapping/server-identity.js';
import type { InstrumentationSettings } from '../settings/instrumentation-settings.js';
import { type LLMRequest, readLLMRequest, retryCountOf } from './gateway-request.js';
import { observeResponse } from './observe-response.js';
import { withTraceHeaders } from './trace-headers.js';

type Fetch = typeof globalThis.fetch;

/** Marks our capturing fetch functions. */
export const CAPTURING = Symbol.for('portobserve.fetch.capturing');

/** How a capturing fetch decides which requests are LLM requests. */
export interface CaptureScope {
  settings: InstrumentationSettings;
  /** Every OpenAI-compatible LLM request counts, whatever its host (a fetch made for one LLM client). */
  anyHost: boolean;
  /** False once undone: the fetch then passes everything through. */
  active: boolean;
  /** Send the active trace id as `x-portkey-trace-id` when the request has none. */
  portkeyTraceId: boolean;
}

/**
 * A `fetch` that makes one LLM span for each LLM request it sends (see `readLLMRequest`), from the
 * request JSON, the response headers and the response body as it passes through to the caller. It
 * steps aside when the `openai` class instrumentation or an outer capture already handles the request,
 * and adds Portkey's facts to the span another instrumentation made for it. Every other request goes
 * straight to `inner`.
 */
export function createCapturingFetch(inner: Fetch, scope: CaptureScope): Fetch {
  const capturing = function fetch(
    input: Parameters<Fetch>[0],
    init?: Parameters<Fetch>[1],
  ): Promise<Response> {
    if (!scope.active) return inner(input, init);
    const inFlight = inFlightRequest();
    if (inFlight?.via === 'transport') return inner(input, init);
    const request = readLLMRequest(input, init, scope.settings.gatewayURLs, scope.anyHost);
    if (!request) return inner(input, init);
    const send = () => inner(input, withTraceHeaders(input, init, scope.portkeyTraceId));
    // The `openai` class instrumentation has this request: only the trace headers are ours to add.
    if (inFlight) return send();
    const foreign = activeForeignLLMSpan();
    if (foreign) return enrichForeignSpan(foreign, request, scope.settings, send);
    return traceRequest(request, scope.settings, send);
  };
  Object.defineProperty(capturing, CAPTURING, { value: true });
  return capturing as Fetch;
}

function traceRequest(
  request: LLMRequest,
  settings: InstrumentationSettings,
  send: () => Promise<Response>,
): Promise<Response> {
  const body = request.bodyText === undefined ? undefined : parseObject(request.bodyText);
  const call = startLLMCall(
    request.operation,
    body ?? {},
    serverIdentityOfURL(request.url),
    settings,
    readPortkeyRequestFacts(request.headers),
  );
  if (!call) return runInFlight({ via: 'transport', call }, send);
  const resends = retryCountOf(request);
  if (resends !== undefined) call.span.setAttribute(GEN_AI.resendCount, resends);

  call.callerSignal = request.signal;
  let sent: Promise<Response>;
  try {
    sent = runInFlight({ via: 'transport', call }, send, call.spanToActivate);
  } catch (error) {
    call.fail(error);
    throw error;
  }
  return sent.then(
    (response) => {
      try {
        return observeResponse(response, call, body?.stream === true);
      } catch {
        // Observing must never cost the caller the response.
        call.finishWithoutBody();
        return response;
      }
    },
    (error: unknown) => {
      call.fail(error);
      throw error;
    },
  );
}

/** Another instrumentation's LLM span: Portkey's routing facts go on it, and no span of ours. */
function enrichForeignSpan(
  span: Span,
  request: LLMRequest,
  settings: InstrumentationSettings,
  send: () => Promise<Response>,
): Promise<Response> {
  const facts = readPortkeyRequestFacts(request.headers);
  if (facts?.configId) span.setAttribute(PORTKEY.configId, facts.configId);
  return runInFlight({ via: 'transport', call: undefined }, send).then((response) => {
    addPortkeyFacts(span, response.headers, settings.deprecatedGenAISystem);
    return response;
  });
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) && !Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
