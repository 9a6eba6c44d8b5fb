/**
 * The GenAI client metrics we record: names, units and the bucket boundaries the conventions advise
 * (OpenTelemetry semantic conventions v1.41, the last release that holds the GenAI metrics; the
 * conventions have since moved to open-telemetry/semantic-conventions-genai). One place for them.
 */
export const GEN_AI_METRICS = {
  /** Histogram, `s`: every call, with `error.type` when it failed. */
  operationDuration: 'gen_ai.client.operation.duration',
  /** Histogram, `{token}`: input and output tokens, by `gen_ai.token.type`. */
  tokenUsage: 'gen_ai.client.token.usage',
  /** Histogram, `s`: streamed calls only, request sent to first chunk received. */
  timeToFirstChunk: 'gen_ai.client.operation.time_to_first_chunk',
} as const;

/**
 * The token metrics of the GenAI conventions' own repository (not released yet), recorded instead of
 * `gen_ai.client.token.usage` with `OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental`.
 */
export const GEN_AI_LATEST_TOKEN_METRICS = {
  /** Counter, `{token}`, by `gen_ai.token.modality`: input tokens, cached ones included. */
  usageInputTokens: 'gen_ai.client.inference.usage.input_tokens',
  /** Counter, `{token}`: output tokens, reasoning ones included. */
  usageOutputTokens: 'gen_ai.client.inference.usage.output_tokens',
  /** Counter, `{token}`: the input tokens served from the provider's cache. */
  usageCacheReadInputTokens: 'gen_ai.client.inference.usage.cache_read.input_tokens',
  /** Counter, `{token}`: the output tokens spent on reasoning. */
  usageReasoningOutputTokens: 'gen_ai.client.inference.usage.reasoning.output_tokens',
  /** Histogram, `{token}`, with `error.type`: input tokens per call. */
  operationInputTokens: 'gen_ai.client.inference.operation.input_tokens',
  /** Histogram, `{token}`, with `error.type`: output tokens per call. */
  operationOutputTokens: 'gen_ai.client.inference.operation.output_tokens',
} as const;

/** Attributes of the metrics, beyond those the spans share (`gen_ai.*`, `server.*`, `error.type`). */
export const GEN_AI_METRIC_ATTRIBUTES = {
  tokenType: 'gen_ai.token.type',
  tokenModality: 'gen_ai.token.modality',
} as const;

/** Advised boundaries of the duration and time-to-first-chunk histograms (seconds). */
export const DURATION_BUCKETS_SECONDS: readonly number[] = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];

/** Advised boundaries of the token histograms. */
export const TOKEN_BUCKETS: readonly number[] = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];
