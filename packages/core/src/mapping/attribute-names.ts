/** OpenInference attribute names (https://github.com/Arize-ai/openinference, semantic conventions). */
export const OI = {
  spanKind: 'openinference.span.kind',
  modelName: 'llm.model_name',
  system: 'llm.system',
  provider: 'llm.provider',
  invocationParameters: 'llm.invocation_parameters',
  inputMessages: 'llm.input_messages',
  outputMessages: 'llm.output_messages',
  tools: 'llm.tools',
  prompts: 'llm.prompts',
  tokenPrompt: 'llm.token_count.prompt',
  tokenCompletion: 'llm.token_count.completion',
  tokenTotal: 'llm.token_count.total',
  tokenCacheRead: 'llm.token_count.prompt_details.cache_read',
  tokenReasoning: 'llm.token_count.completion_details.reasoning',
  costPrompt: 'llm.cost.prompt',
  costCompletion: 'llm.cost.completion',
  costTotal: 'llm.cost.total',
  inputValue: 'input.value',
  inputMimeType: 'input.mime_type',
  outputValue: 'output.value',
  outputMimeType: 'output.mime_type',
  sessionId: 'session.id',
  userId: 'user.id',
  metadata: 'metadata',
  tags: 'tag.tags',
  embeddingModelName: 'embedding.model_name',
  embeddings: 'embedding.embeddings',
  /**
   * Not OpenInference: the requested model where OpenObserve v0.80-v0.90 put it (it flattened a
   * `llm.request.parameters` object). Sent so `llm_request_parameters_model` exists on every version.
   */
  requestParametersModel: 'llm.request.parameters.model',
} as const;

/**
 * The OpenInference names of facts the span also carries under a GenAI name (model, system and
 * provider, span kind, invocation parameters, token counts, cost): the ones
 * `openInferenceAttributes: false` leaves out. Session, user, metadata and tags have no GenAI name and
 * stay; content follows `contentFormat`.
 */
export const OPENINFERENCE_DUPLICATES: ReadonlySet<string> = new Set([
  OI.spanKind,
  OI.modelName,
  OI.system,
  OI.provider,
  OI.invocationParameters,
  OI.tokenPrompt,
  OI.tokenCompletion,
  OI.tokenTotal,
  OI.tokenCacheRead,
  OI.tokenReasoning,
  OI.costPrompt,
  OI.costCompletion,
  OI.costTotal,
  OI.embeddingModelName,
  OI.requestParametersModel,
]);

/** OpenTelemetry GenAI semantic-convention attribute names. */
export const GEN_AI = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  system: 'gen_ai.system',
  requestModel: 'gen_ai.request.model',
  requestMaxTokens: 'gen_ai.request.max_tokens',
  requestTemperature: 'gen_ai.request.temperature',
  requestTopP: 'gen_ai.request.top_p',
  requestFrequencyPenalty: 'gen_ai.request.frequency_penalty',
  requestPresencePenalty: 'gen_ai.request.presence_penalty',
  requestStopSequences: 'gen_ai.request.stop_sequences',
  requestSeed: 'gen_ai.request.seed',
  requestChoiceCount: 'gen_ai.request.choice.count',
  requestEncodingFormats: 'gen_ai.request.encoding_formats',
  outputType: 'gen_ai.output.type',
  responseModel: 'gen_ai.response.model',
  responseId: 'gen_ai.response.id',
  responseFinishReasons: 'gen_ai.response.finish_reasons',
  timeToFirstChunk: 'gen_ai.response.time_to_first_chunk',
  usageInputTokens: 'gen_ai.usage.input_tokens',
  usageOutputTokens: 'gen_ai.usage.output_tokens',
  usageTotalTokens: 'gen_ai.usage.total_tokens',
  usageCacheReadInputTokens: 'gen_ai.usage.cache_read.input_tokens',
  usageReasoningOutputTokens: 'gen_ai.usage.reasoning.output_tokens',
  usageCost: 'gen_ai.usage.cost',
  inputMessages: 'gen_ai.input.messages',
  outputMessages: 'gen_ai.output.messages',
  systemInstructions: 'gen_ai.system_instructions',
  toolDefinitions: 'gen_ai.tool.definitions',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  errorType: 'error.type',
  /** HTTP semantic conventions: the request was sent again by the client (`x-stainless-retry-count`). */
  resendCount: 'http.request.resend_count',
} as const;

/** Attributes of our own, for facts neither vocabulary names. */
export const PORTOBSERVE = {
  streamed: 'portobserve.stream',
  streamEnd: 'portobserve.stream.end',
  /** Messages left out of `gen_ai.input.messages` / `gen_ai.output.messages` to stay within the limit. */
  inputMessagesOmitted: 'portobserve.input.messages.omitted',
  outputMessagesOmitted: 'portobserve.output.messages.omitted',
  /** Prefix of the content of a failed call without token counts (so OpenObserve estimates nothing). */
  failedContentPrefix: 'portobserve.failed.',
} as const;
