import { type Attributes, context, SpanKind } from '@opentelemetry/api';
import { attempt } from '../mapping/attempt.js';
import type { LLMOperation } from '../mapping/llm-operation.js';
import type { PortkeyRequestFacts } from '../mapping/portkey-attributes.js';
import type { ServerIdentity } from '../mapping/server-identity.js';
import { writeRequestAttributes } from '../mapping/write-request-attributes.js';
import type { InstrumentationSettings } from '../settings/instrumentation-settings.js';
import { settingsWithoutContent } from '../settings/settings-without-content.js';
import { CallFacts } from './call-facts.js';
import { LLMCall } from './llm-call.js';
import { callMetricsEnabled } from './record-call-metrics.js';

/**
 * Starts the span of one LLM request with everything known before it is sent, for either path (the
 * `openai` class instrumentation or the transport capture). A span that is not recorded (not sampled,
 * or no tracer provider) still makes a call while a `MeterProvider` is registered, for its metrics,
 * without content. Undefined when there is neither: then nothing is mapped at all.
 */
export function startLLMCall(
  operation: LLMOperation,
  body: Record<string, unknown>,
  server: ServerIdentity,
  settings: InstrumentationSettings,
  portkey: PortkeyRequestFacts | undefined,
): LLMCall | undefined {
  const span = settings.tracer().startSpan(operation.spanName, { kind: SpanKind.CLIENT }, context.active());
  const recording = span.isRecording();
  const facts = callMetricsEnabled() ? new CallFacts() : undefined;
  if (!recording && !facts) {
    span.end();
    return undefined;
  }
  const callSettings = recording ? settings : settingsWithoutContent(settings);
  const attributes: Attributes = {};
  const content: Attributes = {};
  attempt('request attributes', () =>
    writeRequestAttributes(operation, body, server, callSettings, attributes, content, portkey),
  );
  const requestedModel = typeof body.model === 'string' ? body.model : undefined;
  const call = new LLMCall(span, operation, callSettings, requestedModel, content, facts);
  call.writeAttributes(attributes);
  return call;
}
