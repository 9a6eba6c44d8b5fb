import type { Attributes } from '@opentelemetry/api';
import { GEN_AI, OI } from './attribute-names.js';

/** The model that served the call (it replaces the requested one in `llm.model_name`) and the response id. */
export function writeResponseIdentity(model: unknown, id: unknown, attributes: Attributes): void {
  if (typeof model === 'string' && model) {
    attributes[OI.modelName] = model;
    attributes[GEN_AI.responseModel] = model;
  }
  if (typeof id === 'string' && id) attributes[GEN_AI.responseId] = id;
}

/** The served model, else the requested one: what prices are looked up by. */
export function pricedModel(attributes: Attributes): string | undefined {
  const model = attributes[GEN_AI.responseModel] ?? attributes[GEN_AI.requestModel];
  return typeof model === 'string' ? model : undefined;
}
