import type { NormalizedMessage } from './normalized-message.js';
import { toLimitedJson } from './to-limited-json.js';

/** A message as `gen_ai.input.messages` / `gen_ai.output.messages` carry it: role + content. */
interface GenAIMessage {
  role: string;
  content:
    | string
    | Array<{ type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } }>
    | null;
  name?: string;
  tool_call_id?: string;
  tool_calls?: Array<{ id?: string; type: 'function'; function: { name?: string; arguments?: string } }>;
  finish_reason?: string;
}

/** The JSON of a list of messages, and how many were left out to stay within the limit. */
export interface GenAIMessagesJson {
  json: string;
  omitted: number;
}

/**
 * Messages as a JSON array of role + content objects (OpenAI's chat shape, tool calls included):
 * what OpenObserve's trace and thread views render. Never longer than `maxLength` and always valid
 * JSON: each message is limited on its own, then the oldest messages are left out (a leading system
 * message is kept) until the rest fits.
 *
 * @example
 * ```ts
 * genAIMessagesJson([{ role: 'user', content: 'Hi' }], 16_000).json; // '[{"role":"user","content":"Hi"}]'
 * ```
 */
export function genAIMessagesJson(
  messages: readonly NormalizedMessage[],
  maxLength: number,
): GenAIMessagesJson {
  const budget = maxLength - 2;
  const encoded = messages.map((message) => toLimitedJson(toGenAIMessage(message), budget));
  let total = encoded.reduce((sum, json) => sum + json.length + 1, 0);
  if (total - 1 <= budget) return { json: `[${encoded.join(',')}]`, omitted: 0 };

  const keepFirst = messages[0]?.role === 'system' && encoded.length > 1;
  const kept: string[] = [];
  total = keepFirst ? (encoded[0]?.length ?? 0) + 1 : 0;
  for (let index = encoded.length - 1; index >= (keepFirst ? 1 : 0); index--) {
    const json = encoded[index] ?? '';
    if (total + json.length > budget) break;
    kept.unshift(json);
    total += json.length + 1;
  }
  if (keepFirst) kept.unshift(encoded[0] ?? '');
  return { json: `[${kept.join(',')}]`, omitted: encoded.length - kept.length };
}

function toGenAIMessage(message: NormalizedMessage): GenAIMessage {
  const genai: GenAIMessage = { role: message.role, content: message.content ?? null };
  if (message.parts) {
    genai.content = message.parts.map((part) =>
      part.type === 'text'
        ? { type: 'text' as const, text: part.text }
        : { type: 'image_url' as const, image_url: { url: part.url } },
    );
  }
  if (message.name) genai.name = message.name;
  if (message.toolCallId) genai.tool_call_id = message.toolCallId;
  if (message.toolCalls?.length) {
    genai.tool_calls = message.toolCalls.map((call) => ({
      id: call.id,
      type: 'function' as const,
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  if (message.finishReason) genai.finish_reason = message.finishReason;
  return genai;
}
