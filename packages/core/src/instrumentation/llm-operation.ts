import type { Attributes } from '@opentelemetry/api';
import type { ContentPolicy } from '../content/content-policy.js';
import type { ModelPriceTable } from '../pricing/model-price.js';

/** What an operation mapper needs to know about the instrumentation's settings. */
export interface MappingSettings {
  policy: ContentPolicy;
  prices: ModelPriceTable | undefined;
}

/** Collects stream chunks into what a non-streamed response would have said. */
export interface StreamAccumulator {
  /** Takes one chunk; returns true when it carried the first generated token. */
  add(chunk: unknown): boolean;
  /** Attributes of the whole stream so far (usage, model, finish reasons, content). */
  writeAttributes(attributes: Attributes): void;
  /** An error the stream reported in-band (Responses `error` / `response.failed` events). */
  inBandError(): unknown;
  /** True once the stream said it was complete (a finish reason or a final event). */
  isComplete(): boolean;
}

/** How one `openai` method maps to a span. */
export interface LLMOperation {
  /** Span name, e.g. `ChatCompletion`. */
  spanName: string;
  /** `gen_ai.operation.name`. */
  operationName: 'chat' | 'text_completion' | 'embeddings';
  /** `openinference.span.kind`. */
  spanKind: 'LLM' | 'EMBEDDING';
  /** Whether `stream_options.include_usage` exists for it. */
  supportsStreamUsage: boolean;
  /** Request body keys that hold content (kept out of `llm.invocation_parameters`). */
  contentKeys: ReadonlySet<string>;
  writeRequestAttributes(
    body: Record<string, unknown>,
    settings: MappingSettings,
    attributes: Attributes,
  ): void;
  writeResponseAttributes(response: unknown, settings: MappingSettings, attributes: Attributes): void;
  createStreamAccumulator(settings: MappingSettings): StreamAccumulator;
}
