import type { Attributes } from '@opentelemetry/api';
import { GEN_AI, OI, PORTOBSERVE } from '../mapping/attribute-names.js';
import type { LLMInput, OpenInferenceInputKind } from '../mapping/llm-operation.js';
import type { ContentSettings } from '../settings/instrumentation-settings.js';
import { flattenMessages } from './flatten-messages.js';
import { genAIMessagesJson } from './genai-messages.js';
import { limitText } from './limit-text.js';
import type { NormalizedMessage } from './normalized-message.js';
import { toLimitedJson } from './to-limited-json.js';
import { writeToolSchemas } from './write-tool-schemas.js';

const MAX_FLATTENED_TEXTS = 8;

/**
 * The one place that decides which content reaches a span: nothing when inputs are not captured
 * (and then nothing is read or serialised), else the request's messages, instructions and tools in the
 * vocabularies `content.format` asks for. `readInput` is only called when inputs are captured.
 */
export function writeInputContent(
  content: ContentSettings,
  readInput: () => LLMInput,
  rawBody: () => unknown,
  kind: OpenInferenceInputKind,
  attributes: Attributes,
): void {
  if (!content.captureInputs) return;
  const input = readInput();
  const limit = content.maxTextLength;
  if (content.format !== 'openinference') {
    const { json, omitted } = genAIMessagesJson(input.messages, limit);
    attributes[GEN_AI.inputMessages] = json;
    if (omitted > 0) attributes[PORTOBSERVE.inputMessagesOmitted] = omitted;
    if (input.systemInstructions !== undefined) {
      attributes[GEN_AI.systemInstructions] = toLimitedJson(
        [{ type: 'text', content: input.systemInstructions }],
        limit,
      );
    }
    if (input.tools?.length) attributes[GEN_AI.toolDefinitions] = toLimitedJson(input.tools, limit);
  }
  if (content.format !== 'genai') {
    writeOpenInferenceInput(kind, input, limit, attributes);
    attributes[OI.inputValue] = toLimitedJson(rawBody(), limit);
    attributes[OI.inputMimeType] = 'application/json';
  }
}

/** The answer, when outputs are captured, in the vocabularies `content.format` asks for. */
export function writeOutputContent(
  content: ContentSettings,
  messages: readonly NormalizedMessage[] | undefined,
  attributes: Attributes,
): void {
  if (!content.captureOutputs || !messages || messages.length === 0) return;
  const limit = content.maxTextLength;
  if (content.format !== 'openinference') {
    const { json, omitted } = genAIMessagesJson(messages, limit);
    attributes[GEN_AI.outputMessages] = json;
    if (omitted > 0) attributes[PORTOBSERVE.outputMessagesOmitted] = omitted;
  }
  if (content.format !== 'genai') {
    flattenMessages(OI.outputMessages, messages, limit, attributes);
    const only = messages[0];
    if (messages.length === 1 && only?.content !== undefined && !only.toolCalls?.length) {
      attributes[OI.outputValue] = limitText(only.content, limit);
      attributes[OI.outputMimeType] = 'text/plain';
    } else {
      attributes[OI.outputValue] = toLimitedJson(messages, limit);
      attributes[OI.outputMimeType] = 'application/json';
    }
  }
}

function writeOpenInferenceInput(
  kind: OpenInferenceInputKind,
  input: LLMInput,
  limit: number,
  attributes: Attributes,
): void {
  if (kind === 'messages') {
    const messages =
      input.systemInstructions === undefined
        ? input.messages
        : [{ role: 'system', content: input.systemInstructions }, ...input.messages];
    flattenMessages(OI.inputMessages, messages, limit, attributes);
    if (input.tools?.length) writeToolSchemas(input.tools, limit, attributes);
    return;
  }
  const prefix = kind === 'prompts' ? OI.prompts : OI.embeddings;
  const suffix = kind === 'prompts' ? 'prompt.text' : 'embedding.text';
  for (let index = 0; index < input.messages.length && index < MAX_FLATTENED_TEXTS; index++) {
    const text = input.messages[index]?.content;
    if (text !== undefined) attributes[`${prefix}.${index}.${suffix}`] = limitText(text, limit);
  }
}
