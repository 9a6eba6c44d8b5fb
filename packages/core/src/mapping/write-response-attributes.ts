import type { Attributes } from '@opentelemetry/api';
import { cutText } from '../content/limit-text.js';
import { writeOutputContent } from '../content/write-content.js';
import type { InstrumentationSettings } from '../settings/instrumentation-settings.js';
import { attempt } from './attempt.js';
import { GEN_AI, OI } from './attribute-names.js';
import { isRecord } from './is-record.js';
import type { LLMOperation } from './llm-operation.js';
import { writeUsageAttributes } from './normalized-usage.js';

/**
 * Attributes of a response body (or of what a stream added up to): the model that served the call
 * (it replaces the requested one in `llm.model_name`), the response id, finish reasons, token counts
 * and cost in `attributes`, and the answer as the settings allow in `content`. Each part is computed
 * on its own.
 */
export function writeResponseAttributes(
  operation: LLMOperation,
  response: unknown,
  requestedModel: string | undefined,
  settings: InstrumentationSettings,
  attributes: Attributes,
  content: Attributes,
): void {
  if (!isRecord(response)) return;
  const output = operation.readOutput(response, settings.content.captureOutputs);
  const limit = settings.content.maxTextLength;
  if (output.model) {
    const model = cutText(output.model, limit);
    attributes[OI.modelName] = model;
    attributes[GEN_AI.responseModel] = model;
  }
  if (output.id) attributes[GEN_AI.responseId] = cutText(output.id, 256);
  if (output.finishReasons) attributes[GEN_AI.responseFinishReasons] = output.finishReasons.slice(0, 16);
  if (operation.writeResponseDetails)
    attempt(operation.spanName, () => operation.writeResponseDetails?.(output, attributes));
  const usage = output.usage;
  if (usage) {
    attempt('token usage', () =>
      writeUsageAttributes(usage, output.model ?? requestedModel, settings.prices, attributes),
    );
  }
  attempt('output content', () => writeOutputContent(settings.content, output.messages, content));
}
