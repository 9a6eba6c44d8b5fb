import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { GEN_AI } from '../mapping/attribute-names.js';

/** The attributes every metric data point of a call carries (never content, never a credential). */
const SHARED_ATTRIBUTES = [
  GEN_AI.operationName,
  GEN_AI.providerName,
  GEN_AI.requestModel,
  GEN_AI.responseModel,
  GEN_AI.serverAddress,
  GEN_AI.serverPort,
] as const;

/**
 * What the GenAI client metrics need to know of one LLM call, kept by the call itself as it writes its
 * span, so the metrics do not depend on the span: a span the sampler drops, or the no-op span of an app
 * with only a `MeterProvider`, keeps no attributes. Made only while a `MeterProvider` is registered.
 *
 * @example
 * ```ts
 * const facts = new CallFacts();
 * facts.note({ 'gen_ai.operation.name': 'chat', 'gen_ai.usage.input_tokens': 12, 'gen_ai.prompt': '...' });
 * facts.shared; // { 'gen_ai.operation.name': 'chat' }
 * facts.inputTokens; // 12
 * ```
 */
export class CallFacts {
  /** Operation, provider, models and server, as the span has them: the metrics' shared attributes. */
  readonly shared: Attributes = {};
  inputTokens: AttributeValue | undefined;
  outputTokens: AttributeValue | undefined;
  cacheReadInputTokens: AttributeValue | undefined;
  reasoningOutputTokens: AttributeValue | undefined;
  /** Seconds from the request to the first streamed chunk. */
  timeToFirstChunk: number | undefined;
  /** `error.type` of a failed call. */
  errorType: string | undefined;

  /**
   * Keeps the metric facts among attributes just written to the span (a later write replaces an earlier
   * one, as on the span); the others are not looked at.
   */
  note(attributes: Attributes): void {
    const shared = this.shared;
    for (const key of SHARED_ATTRIBUTES) {
      const value = attributes[key];
      if (value !== undefined) shared[key] = value;
    }
    this.inputTokens = attributes[GEN_AI.usageInputTokens] ?? this.inputTokens;
    this.outputTokens = attributes[GEN_AI.usageOutputTokens] ?? this.outputTokens;
    this.cacheReadInputTokens = attributes[GEN_AI.usageCacheReadInputTokens] ?? this.cacheReadInputTokens;
    this.reasoningOutputTokens = attributes[GEN_AI.usageReasoningOutputTokens] ?? this.reasoningOutputTokens;
    const timeToFirstChunk = attributes[GEN_AI.timeToFirstChunk];
    if (typeof timeToFirstChunk === 'number') this.timeToFirstChunk = timeToFirstChunk;
  }
}
