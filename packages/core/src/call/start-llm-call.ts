import { type Attributes, context, SpanKind } from '@opentelemetry/api';
import { attempt } from '../mapping/attempt.js';
import type { LLMOperation } from '../mapping/llm-operation.js';
import type { PortkeyRequestFacts } from '../mapping/portkey-attributes.js';
import type { ServerIdentity } from '../mapping/server-identity.js';
import { writeRequestAttributes } from '../mapping/write-request-attributes.js';
import type { InstrumentationSettings } from '../settings/instrumentation-settings.js';
import { LLMCall } from './llm-call.js';

/**
 * Starts the span of one LLM request with everything known before it is sent, for either path (the
 * `openai` class instrumentation or the transport capture). Undefined when the span is not recorded
 * (not sampled, or no tracer provider): then nothing is mapped at all.
 */
export function startLLMCall(
  operation: LLMOperation,
  body: Record<string, unknown>,
  server: ServerIdentity,
  settings: InstrumentationSettings,
  portkey: PortkeyRequestFacts | undefined,
): LLMCall | undefined {
  const span = settings.tracer().startSpan(operation.spanName, { kind: SpanKind.CLIENT }, context.active());
  if (!span.isRecording()) {
    span.end();
    return undefined;
  }
  const attributes: Attributes = {};
  const content: Attributes = {};
  attempt('request attributes', () =>
    writeRequestAttributes(operation, body, server, settings, attributes, content, portkey),
  );
  span.setAttributes(attributes);
  const requestedModel = typeof body.model === 'string' ? body.model : undefined;
  return new LLMCall(span, operation, settings, requestedModel, content);
}
