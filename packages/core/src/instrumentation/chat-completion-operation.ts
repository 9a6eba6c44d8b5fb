import type { Attributes } from '@opentelemetry/api';
import { limitText } from '../content/limit-text.js';
import { toLimitedJson } from '../content/to-limited-json.js';
import { GEN_AI, OI } from './attribute-names.js';
import { ChatStreamAccumulator } from './chat-stream-accumulator.js';
import { flattenMessages, type NormalizedMessage, type NormalizedToolCall } from './flatten-messages.js';
import { isRecord } from './is-record.js';
import type { LLMOperation, MappingSettings } from './llm-operation.js';
import { usageFromCompletions, writeUsageAttributes } from './normalized-usage.js';
import { pricedModel, writeResponseIdentity } from './write-response-identity.js';
import { writeToolSchemas } from './write-tool-schemas.js';

/** `chat.completions.create` (and `parse`, `stream`, `runTools`, which call it). */
export const chatCompletionOperation: LLMOperation = {
  spanName: 'ChatCompletion',
  operationName: 'chat',
  spanKind: 'LLM',
  supportsStreamUsage: true,
  contentKeys: new Set(['messages', 'tools', 'functions', 'prediction']),

  writeRequestAttributes(body, settings, attributes) {
    if (!settings.policy.captureInputs) return;
    const messages = Array.isArray(body.messages) ? body.messages.map(normalizeChatMessage) : [];
    flattenMessages(OI.inputMessages, messages, settings.policy.maxTextLength, attributes);
    writeToolSchemas(body.tools ?? body.functions, settings.policy.maxTextLength, attributes);
    attributes[OI.inputValue] = toLimitedJson(body, settings.policy.maxTextLength);
    attributes[OI.inputMimeType] = 'application/json';
  },

  writeResponseAttributes(response, settings, attributes) {
    if (!isRecord(response)) return;
    writeResponseIdentity(response.model, response.id, attributes);
    const choices = Array.isArray(response.choices) ? response.choices : [];
    const finishReasons = choices
      .map((choice) => (isRecord(choice) ? choice.finish_reason : undefined))
      .filter((reason): reason is string => typeof reason === 'string');
    if (finishReasons.length > 0) attributes[GEN_AI.responseFinishReasons] = finishReasons;
    if (settings.policy.captureOutputs) {
      const messages = choices.map((choice) =>
        normalizeChatMessage(isRecord(choice) ? choice.message : undefined),
      );
      writeChatOutput(messages, settings.policy.maxTextLength, attributes);
    }
    const usage = usageFromCompletions(response.usage);
    if (usage) writeUsageAttributes(usage, pricedModel(attributes), settings.prices, attributes);
  },

  createStreamAccumulator(settings: MappingSettings) {
    return new ChatStreamAccumulator(settings, (response, attributes) =>
      chatCompletionOperation.writeResponseAttributes(response, settings, attributes),
    );
  },
};

/** Output messages, and `output.value`: the text itself for one plain answer, JSON otherwise. */
export function writeChatOutput(
  messages: NormalizedMessage[],
  maxTextLength: number,
  attributes: Attributes,
): void {
  if (messages.length === 0) return;
  flattenMessages(OI.outputMessages, messages, maxTextLength, attributes);
  const only = messages[0];
  if (messages.length === 1 && only && only.content !== undefined && !only.toolCalls?.length) {
    attributes[OI.outputValue] = limitText(only.content, maxTextLength);
    attributes[OI.outputMimeType] = 'text/plain';
    return;
  }
  attributes[OI.outputValue] = toLimitedJson(messages, maxTextLength);
  attributes[OI.outputMimeType] = 'application/json';
}

/** A Chat Completions message (request or response side) in the shared shape. */
export function normalizeChatMessage(message: unknown): NormalizedMessage {
  if (!isRecord(message)) return { role: 'unknown' };
  const normalized: NormalizedMessage = { role: typeof message.role === 'string' ? message.role : 'unknown' };
  const content = message.content;
  if (typeof content === 'string') {
    normalized.content = content;
  } else if (Array.isArray(content)) {
    normalized.parts = [];
    for (const part of content) {
      if (!isRecord(part)) continue;
      if (part.type === 'text' && typeof part.text === 'string')
        normalized.parts.push({ type: 'text', text: part.text });
      if (part.type === 'image_url' && isRecord(part.image_url) && typeof part.image_url.url === 'string') {
        normalized.parts.push({ type: 'image', url: part.image_url.url });
      }
    }
  }
  if (typeof message.refusal === 'string' && normalized.content === undefined)
    normalized.content = message.refusal;
  if (typeof message.name === 'string') normalized.name = message.name;
  if (typeof message.tool_call_id === 'string') normalized.toolCallId = message.tool_call_id;
  if (Array.isArray(message.tool_calls)) normalized.toolCalls = message.tool_calls.map(normalizeToolCall);
  else if (isRecord(message.function_call))
    normalized.toolCalls = [normalizeToolCall({ function: message.function_call })];
  return normalized;
}

function normalizeToolCall(call: unknown): NormalizedToolCall {
  if (!isRecord(call)) return {};
  const fn = isRecord(call.function) ? call.function : isRecord(call.custom) ? call.custom : {};
  return {
    id: typeof call.id === 'string' ? call.id : undefined,
    name: typeof fn.name === 'string' ? fn.name : undefined,
    arguments:
      typeof fn.arguments === 'string' ? fn.arguments : typeof fn.input === 'string' ? fn.input : undefined,
  };
}
