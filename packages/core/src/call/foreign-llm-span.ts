import { type Attributes, context, type Span, trace } from '@opentelemetry/api';
import { attempt } from '../mapping/attempt.js';
import { writePortkeyResponseAttributes } from '../mapping/portkey-attributes.js';

/** The parts of an SDK span (`@opentelemetry/sdk-trace-base`) we read; other spans lack them. */
interface ReadableSpanLike {
  name?: unknown;
  attributes?: Attributes;
  instrumentationScope?: { name?: unknown };
  /** OpenInference's `OISpan` wraps the SDK span here. */
  span?: unknown;
}

/** AI SDK model-call spans (5 and 6 `experimental_telemetry`, 7 `@ai-sdk/otel`). */
const AI_SDK_MODEL_CALL = /^ai\.[A-Za-z]+\.do(Generate|Stream|Embed)$/;

/**
 * The active span when another instrumentation already made it for this LLM call: the AI SDK's own
 * telemetry (`ai.generateText.doGenerate`, ...), OpenInference (`openinference.span.kind` LLM or
 * EMBEDDING) or OpenTelemetry's GenAI instrumentations (`gen_ai.operation.name`). Then we add our
 * Portkey facts to that span instead of making a second LLM span with the same tokens.
 */
export function activeForeignLLMSpan(): Span | undefined {
  const span = trace.getSpan(context.active());
  if (!span?.isRecording()) return undefined;
  const readable = readableSpan(span);
  if (readable.instrumentationScope?.name === '@portobserve/core') return undefined;
  const attributes = readable.attributes;
  if (attributes) {
    const kind = attributes['openinference.span.kind'];
    if (kind === 'LLM' || kind === 'EMBEDDING') return span;
    if (typeof attributes['gen_ai.operation.name'] === 'string') return span;
    const operationId = attributes['ai.operationId'];
    if (typeof operationId === 'string' && AI_SDK_MODEL_CALL.test(operationId)) return span;
  }
  return typeof readable.name === 'string' && AI_SDK_MODEL_CALL.test(readable.name) ? span : undefined;
}

/** The SDK span behind `span` (OpenInference wraps it in an `OISpan`), for reading its name and attributes. */
function readableSpan(span: Span): ReadableSpanLike {
  const readable = span as unknown as ReadableSpanLike;
  const inner = readable.span as { spanContext?: unknown } | undefined;
  return readable.attributes === undefined && typeof inner?.spanContext === 'function'
    ? (inner as ReadableSpanLike)
    : readable;
}

/** Portkey's routing facts from response headers, added to another instrumentation's LLM span. */
export function addPortkeyFacts(span: Span, headers: unknown, deprecatedGenAISystem: boolean): void {
  attempt('Portkey response headers', () => {
    const attributes: Attributes = {};
    if (writePortkeyResponseAttributes(headers, attributes, deprecatedGenAISystem))
      span.setAttributes(attributes);
  });
}

/**
 * Whether `method` is another instrumentation's wrapper (`shimmer`, which `@opentelemetry/instrumentation`
 * uses: OpenInference, OpenTelemetry contrib, Traceloop). Wrapping it, we let it make the span.
 */
export function isForeignInstrumentation(method: unknown): boolean {
  if (typeof method !== 'function') return false;
  const wrapper = method as { __wrapped?: unknown; __original?: unknown };
  return wrapper.__wrapped === true || typeof wrapper.__original === 'function';
}
