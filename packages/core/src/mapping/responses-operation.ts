import type { NormalizedMessage, NormalizedToolCall } from '../content/normalized-message.js';
import { stringOrUndefined } from './chat-completion-operation.js';
import { isRecord } from './is-record.js';
import type { LLMOperation, LLMOutput, StreamAccumulator } from './llm-operation.js';
import { usageFromResponses } from './normalized-usage.js';

/** `POST /responses`: `responses.create` (and `responses.parse` / `responses.stream`, which call it). */
export const responsesOperation: LLMOperation = {
  spanName: 'Response',
  operationName: 'chat',
  spanKind: 'LLM',
  openInferenceInput: 'messages',
  supportsStreamUsage: false,
  contentKeys: new Set(['input', 'instructions', 'tools', 'prompt']),

  readInput(body) {
    return {
      messages: responsesInputMessages(body.input),
      systemInstructions: typeof body.instructions === 'string' ? body.instructions : undefined,
      tools: Array.isArray(body.tools) ? body.tools : undefined,
    };
  },

  readOutput(response, withContent) {
    const message = responsesOutputMessage(response.output);
    const reason = finishReason(response, message);
    const output: LLMOutput = {
      model: stringOrUndefined(response.model),
      id: stringOrUndefined(response.id),
      finishReasons: reason ? [reason] : undefined,
      usage: usageFromResponses(response.usage),
    };
    if (withContent && (message.content !== undefined || message.toolCalls)) {
      message.finishReason = reason;
      output.messages = [message];
    }
    return output;
  },

  createStreamAccumulator(withContent) {
    return new ResponsesStreamAccumulator(withContent);
  },
};

function responsesInputMessages(input: unknown): NormalizedMessage[] {
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  if (!Array.isArray(input)) return [];
  const messages: NormalizedMessage[] = [];
  for (const item of input) {
    if (!isRecord(item)) continue;
    if (item.type === 'function_call') {
      messages.push({ role: 'assistant', toolCalls: [functionCall(item)] });
    } else if (item.type === 'function_call_output') {
      messages.push({
        role: 'tool',
        toolCallId: stringOrUndefined(item.call_id),
        content: typeof item.output === 'string' ? item.output : JSON.stringify(item.output),
      });
    } else if (typeof item.role === 'string') {
      messages.push(messageItem(item));
    }
  }
  return messages;
}

function messageItem(item: Record<string, unknown>): NormalizedMessage {
  const message: NormalizedMessage = { role: item.role as string };
  if (typeof item.content === 'string') {
    message.content = item.content;
    return message;
  }
  if (!Array.isArray(item.content)) return message;
  message.parts = [];
  for (const part of item.content) {
    if (!isRecord(part)) continue;
    if ((part.type === 'input_text' || part.type === 'output_text') && typeof part.text === 'string') {
      message.parts.push({ type: 'text', text: part.text });
    } else if (part.type === 'input_image' && typeof part.image_url === 'string') {
      message.parts.push({ type: 'image', url: part.image_url });
    }
  }
  return message;
}

function functionCall(item: Record<string, unknown>): NormalizedToolCall {
  return {
    id: stringOrUndefined(item.call_id),
    name: stringOrUndefined(item.name),
    arguments: typeof item.arguments === 'string' ? item.arguments : undefined,
  };
}

function responsesOutputMessage(output: unknown): NormalizedMessage {
  const message: NormalizedMessage = { role: 'assistant' };
  if (!Array.isArray(output)) return message;
  const texts: string[] = [];
  const toolCalls: NormalizedToolCall[] = [];
  for (const item of output) {
    if (!isRecord(item)) continue;
    if (item.type === 'function_call') toolCalls.push(functionCall(item));
    if (item.type !== 'message' || !Array.isArray(item.content)) continue;
    for (const part of item.content) {
      if (!isRecord(part)) continue;
      if (part.type === 'output_text' && typeof part.text === 'string') texts.push(part.text);
      if (part.type === 'refusal' && typeof part.refusal === 'string') texts.push(part.refusal);
    }
  }
  if (texts.length > 0) message.content = texts.join('');
  if (toolCalls.length > 0) message.toolCalls = toolCalls;
  return message;
}

function finishReason(response: Record<string, unknown>, message: NormalizedMessage): string | undefined {
  if (response.status === 'completed') return message.toolCalls ? 'tool_calls' : 'stop';
  if (response.status === 'incomplete') {
    const details = response.incomplete_details;
    return isRecord(details) && typeof details.reason === 'string' ? details.reason : 'incomplete';
  }
  if (response.status === 'failed') return 'error';
  return typeof response.status === 'string' ? response.status : undefined;
}

const FINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed']);

/** Follows Responses stream events; the final event carries the whole response, usage included. */
class ResponsesStreamAccumulator implements StreamAccumulator {
  private started: Record<string, unknown> | undefined;
  private final: Record<string, unknown> | undefined;
  private error: unknown;
  private readonly textParts: string[] = [];
  private sawToken = false;

  constructor(private readonly keepContent: boolean) {}

  add(event: unknown): boolean {
    if (!isRecord(event) || typeof event.type !== 'string') return false;
    const type = event.type;
    if (type === 'response.created' && isRecord(event.response)) this.started = event.response;
    else if (FINAL_EVENTS.has(type) && isRecord(event.response)) {
      this.final = event.response;
      if (type === 'response.failed') this.error = failure(event.response);
    } else if (type === 'error') this.error = failure(event);
    else if (type === 'response.output_text.delta' || type === 'response.function_call_arguments.delta') {
      if (type === 'response.output_text.delta' && typeof event.delta === 'string' && this.keepContent) {
        this.textParts.push(event.delta);
      }
      if (!this.sawToken) {
        this.sawToken = true;
        return true;
      }
    }
    return false;
  }

  response(): unknown {
    if (this.final) return this.final;
    const partial = this.started ?? {};
    const text = this.textParts.join('');
    return {
      id: partial.id,
      model: partial.model,
      output: text ? [{ type: 'message', content: [{ type: 'output_text', text }] }] : [],
    };
  }

  inBandError(): unknown {
    return this.error;
  }

  isComplete(): boolean {
    return this.final !== undefined;
  }
}

function failure(source: Record<string, unknown>): Error {
  const details = isRecord(source.error) ? source.error : source;
  const message = typeof details.message === 'string' ? details.message : 'the response failed';
  const error = new Error(message);
  error.name = typeof details.code === 'string' ? details.code : 'ResponseFailed';
  return error;
}
