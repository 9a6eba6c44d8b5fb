import type { Attributes } from '@opentelemetry/api';
import { GEN_AI, OI } from './attribute-names.js';
import { stringOrUndefined } from './chat-completion-operation.js';
import type { LLMOperation } from './llm-operation.js';
import { usageFromCompletions } from './normalized-usage.js';

/** `POST /embeddings`: `embeddings.create`. Vectors are never recorded: only the texts, model and usage. */
export const embeddingsOperation: LLMOperation = {
  spanName: 'Embeddings',
  operationName: 'embeddings',
  spanKind: 'EMBEDDING',
  openInferenceInput: 'embeddings',
  supportsStreamUsage: false,
  contentKeys: new Set(['input']),

  writeRequestDetails(body, attributes: Attributes) {
    if (typeof body.model === 'string') attributes[OI.embeddingModelName] = body.model;
    if (typeof body.encoding_format === 'string')
      attributes[GEN_AI.requestEncodingFormats] = [body.encoding_format];
  },

  writeResponseDetails(output, attributes) {
    if (output.model) attributes[OI.embeddingModelName] = output.model;
  },

  rawInput(body) {
    return body.input;
  },

  readInput(body) {
    const inputs =
      typeof body.input === 'string' ? [body.input] : Array.isArray(body.input) ? body.input : [];
    return {
      messages: inputs
        .filter((text): text is string => typeof text === 'string')
        .map((text) => ({ role: 'user', content: text })),
    };
  },

  readOutput(response) {
    return { model: stringOrUndefined(response.model), usage: usageFromCompletions(response.usage) };
  },

  createStreamAccumulator() {
    throw new Error('embeddings are never streamed');
  },
};
