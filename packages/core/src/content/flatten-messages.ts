import type { Attributes } from '@opentelemetry/api';
import { limitText } from './limit-text.js';
import type { NormalizedMessage } from './normalized-message.js';

/**
 * Most messages flattened per side. OpenTelemetry SDKs keep 128 attributes per span by default and drop
 * the rest silently, so a long conversation must not crowd out token counts set when the span ends.
 * The whole conversation is still in `input.value` (and `gen_ai.input.messages`).
 */
export const MAX_FLATTENED_MESSAGES = 12;
const MAX_FLATTENED_PARTS = 4;
const MAX_FLATTENED_TOOL_CALLS = 4;

/**
 * Writes `{prefix}.{i}.message.*` attributes (OpenInference) for the last
 * {@link MAX_FLATTENED_MESSAGES} messages, keeping their original index; a leading system message is
 * always kept.
 */
export function flattenMessages(
  prefix: string,
  messages: readonly NormalizedMessage[],
  maxTextLength: number,
  attributes: Attributes,
): void {
  const count = messages.length;
  const firstKept = Math.max(0, count - MAX_FLATTENED_MESSAGES);
  if (firstKept > 0 && messages[0]?.role === 'system') {
    flattenMessage(`${prefix}.0.message`, messages[0], maxTextLength, attributes);
  }
  for (let index = firstKept === 0 ? 0 : Math.max(firstKept, 1); index < count; index++) {
    const message = messages[index];
    if (message) flattenMessage(`${prefix}.${index}.message`, message, maxTextLength, attributes);
  }
}

function flattenMessage(
  key: string,
  message: NormalizedMessage,
  maxTextLength: number,
  attributes: Attributes,
): void {
  attributes[`${key}.role`] = message.role;
  if (message.content !== undefined) attributes[`${key}.content`] = limitText(message.content, maxTextLength);
  if (message.name) attributes[`${key}.name`] = message.name;
  if (message.toolCallId) attributes[`${key}.tool_call_id`] = message.toolCallId;
  const parts = message.parts;
  if (parts) {
    for (let index = 0; index < parts.length && index < MAX_FLATTENED_PARTS; index++) {
      const part = parts[index];
      const partKey = `${key}.contents.${index}.message_content`;
      if (part?.type === 'text') {
        attributes[`${partKey}.type`] = 'text';
        attributes[`${partKey}.text`] = limitText(part.text, maxTextLength);
      } else if (part?.type === 'image') {
        attributes[`${partKey}.type`] = 'image';
        attributes[`${partKey}.image.image.url`] = limitText(part.url, maxTextLength);
      }
    }
  }
  const toolCalls = message.toolCalls;
  if (toolCalls) {
    for (let index = 0; index < toolCalls.length && index < MAX_FLATTENED_TOOL_CALLS; index++) {
      const call = toolCalls[index];
      if (!call) continue;
      const callKey = `${key}.tool_calls.${index}.tool_call`;
      if (call.id) attributes[`${callKey}.id`] = call.id;
      if (call.name) attributes[`${callKey}.function.name`] = call.name;
      if (call.arguments !== undefined) {
        attributes[`${callKey}.function.arguments`] = limitText(call.arguments, maxTextLength);
      }
    }
  }
}
