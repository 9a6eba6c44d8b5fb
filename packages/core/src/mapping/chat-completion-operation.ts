import type { NormalizedMessage, NormalizedToolCall } from '../content/normalized-message.js';
import { ChatStreamAccumulator } from './chat-stream-accumulator.js';
import { isRecord } from './is-record.js';
import type { LLMOperation } from './llm-operation.js';
import { usageFromCompletions } from './normalized-usage.js';

/** `POST /chat/completions`: `chat.completions.create` (and `parse`, `stream`, `runTools`, which call it). */
export const chatCompletionOperation: LLMOperation = {
  spanName: 'ChatCompletion',
  operationName: 'chat',
  spanKind: 'LLM',
  openInferenceInput: 'messages',
  supportsStreamUsage: true,
  contentKeys: new Set(['messages', 'tools', 'functions', 'prediction']),

  readInput(body) {
    const tools = body.tools ?? body.functions;
    return {
      messages: Array.isArray(body.messages) ? body.messages.map(normalizeChatMessage) : [],
      tools: Array.isArray(tools) ? tools : undefined,
    };
  },

  readOutput(response, withContent) {
    const choices = Array.isArray(response.choices) ? response.choices.filter(isRecord) : [];
    return {
      model: stringOrUndefined(response.model),
      id: stringOrUndefined(response.id),
      finishReasons: finishReasonsOf(choices),
      usage: usageFromCompletions(response.usage),
      messages: withContent
        ? choices.map((choice) => {
            const message = normalizeChatMessage(choice.message);
            if (typeof choice.finish_reason === 'string') message.finishReason = choice.finish_reason;
            return message;
          })
        : undefined,
    };
  },

  createStreamAccumulator(withContent) {
    return new ChatStreamAccumulator(withContent);
  },
};

/** The `finish_reason` of each choice that has one. */
export function finishReasonsOf(choices: ReadonlyArray<Record<string, unknown>>): string[] | undefined {
  const reasons: string[] = [];
  for (const choice of choices)
    if (typeof choice.finish_reason === 'string') reasons.push(choice.finish_reason);
  return reasons.length > 0 ? reasons : undefined;
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
    id: stringOrUndefined(call.id),
    name: stringOrUndefined(fn.name),
    arguments:
      typeof fn.arguments === 'string' ? fn.arguments : typeof fn.input === 'string' ? fn.input : undefined,
  };
}

/** A non-empty string, else undefined. */
export function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
