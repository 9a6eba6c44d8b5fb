import { limitText } from '../content/limit-text.js';
import { toLimitedJson } from '../content/to-limited-json.js';
import { GEN_AI, OI } from './attribute-names.js';
import { isRecord } from './is-record.js';
import type { LLMOperation } from './llm-operation.js';
import { usageFromCompletions, writeUsageAttributes } from './normalized-usage.js';
import { pricedModel, writeResponseIdentity } from './write-response-identity.js';

const MAX_FLATTENED_TEXTS = 8;

/** `embeddings.create`. Vectors are never recorded: only the texts, counts, model and usage. */
export const embeddingsOperation: LLMOperation = {
  spanName: 'Embeddings',
  operationName: 'embeddings',
  spanKind: 'EMBEDDING',
  supportsStreamUsage: false,
  contentKeys: new Set(['input']),

  writeRequestAttributes(body, settings, attributes) {
    if (typeof body.model === 'string') attributes[OI.embeddingModelName] = body.model;
    if (typeof body.encoding_format === 'string')
      attributes[GEN_AI.requestEncodingFormats] = [body.encoding_format];
    if (!settings.policy.captureInputs) return;
    const inputs =
      typeof body.input === 'string' ? [body.input] : Array.isArray(body.input) ? body.input : [];
    for (let index = 0; index < inputs.length && index < MAX_FLATTENED_TEXTS; index++) {
      const text = inputs[index];
      if (typeof text === 'string') {
        attributes[`${OI.embeddings}.${index}.embedding.text`] = limitText(
          text,
          settings.policy.maxTextLength,
        );
      }
    }
    attributes[OI.inputValue] = toLimitedJson(body.input, settings.policy.maxTextLength);
    attributes[OI.inputMimeType] = 'application/json';
  },

  writeResponseAttributes(response, settings, attributes) {
    if (!isRecord(response)) return;
    writeResponseIdentity(response.model, undefined, attributes);
    if (typeof response.model === 'string') attributes[OI.embeddingModelName] = response.model;
    const usage = usageFromCompletions(response.usage);
    if (usage) writeUsageAttributes(usage, pricedModel(attributes), settings.prices, attributes);
  },

  createStreamAccumulator() {
    throw new Error('embeddings are never streamed');
  },
};
