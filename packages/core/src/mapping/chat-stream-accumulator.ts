import { isRecord } from './is-record.js';
import type { StreamAccumulator } from './llm-operation.js';
import { StreamChunkEnvelope } from './stream-chunk-envelope.js';

interface ToolCallParts {
  id?: string;
  type?: string;
  name?: string;
  argumentParts: string[];
}

interface ChoiceParts {
  role?: string;
  contentParts: string[];
  refusalParts: string[];
  toolCalls: Map<number, ToolCallParts>;
  finishReason?: string;
}

/**
 * Rebuilds a `chat.completion` from `chat.completion.chunk`s: content joined per choice, tool calls
 * merged by their `index` (never by array position, which mixes up parallel calls), the model and id
 * from the chunks, and usage from the final usage chunk. An `{"error": ...}` chunk is an in-band error.
 */
export class ChatStreamAccumulator implements StreamAccumulator {
  private readonly envelope = new StreamChunkEnvelope();
  private readonly choices = new Map<number, ChoiceParts>();
  private sawToken = false;

  constructor(private readonly keepContent: boolean) {}

  add(chunk: unknown): boolean {
    const choices = this.envelope.read(chunk);
    if (choices === undefined) return false;
    let firstToken = false;
    for (const choice of choices) {
      if (!isRecord(choice)) continue;
      const parts = this.choiceAt(typeof choice.index === 'number' ? choice.index : 0);
      if (typeof choice.finish_reason === 'string') parts.finishReason = choice.finish_reason;
      const delta = choice.delta;
      if (!isRecord(delta)) continue;
      if (typeof delta.role === 'string') parts.role = delta.role;
      if (typeof delta.content === 'string' && delta.content) {
        firstToken = true;
        if (this.keepContent) parts.contentParts.push(delta.content);
      }
      if (typeof delta.refusal === 'string' && delta.refusal) {
        firstToken = true;
        if (this.keepContent) parts.refusalParts.push(delta.refusal);
      }
      if (Array.isArray(delta.tool_calls)) {
        firstToken = true;
        for (const toolDelta of delta.tool_calls) this.addToolCallDelta(parts, toolDelta);
      }
    }
    if (firstToken && !this.sawToken) {
      this.sawToken = true;
      return true;
    }
    return false;
  }

  response(): unknown {
    const choices = [...this.choices.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, parts]) => ({
        index,
        finish_reason: parts.finishReason,
        message: {
          role: parts.role ?? 'assistant',
          content:
            parts.contentParts.length > 0
              ? parts.contentParts.join('')
              : parts.toolCalls.size > 0
                ? null
                : '',
          refusal: parts.refusalParts.length > 0 ? parts.refusalParts.join('') : undefined,
          tool_calls:
            parts.toolCalls.size > 0
              ? [...parts.toolCalls.entries()]
                  .sort(([a], [b]) => a - b)
                  .map(([, call]) => ({
                    id: call.id,
                    type: call.type ?? 'function',
                    function: { name: call.name, arguments: call.argumentParts.join('') },
                  }))
              : undefined,
        },
      }));
    const { id, model, usage } = this.envelope;
    return { id, model, choices, usage };
  }

  inBandError(): unknown {
    return this.envelope.error;
  }

  isComplete(): boolean {
    if (this.choices.size === 0) return false;
    for (const parts of this.choices.values()) if (parts.finishReason === undefined) return false;
    return true;
  }

  private choiceAt(index: number): ChoiceParts {
    let parts = this.choices.get(index);
    if (!parts) {
      parts = { contentParts: [], refusalParts: [], toolCalls: new Map() };
      this.choices.set(index, parts);
    }
    return parts;
  }

  private addToolCallDelta(parts: ChoiceParts, toolDelta: unknown): void {
    if (!isRecord(toolDelta)) return;
    const index = typeof toolDelta.index === 'number' ? toolDelta.index : parts.toolCalls.size;
    let call = parts.toolCalls.get(index);
    if (!call) {
      call = { argumentParts: [] };
      parts.toolCalls.set(index, call);
    }
    if (typeof toolDelta.id === 'string' && toolDelta.id) call.id = toolDelta.id;
    if (typeof toolDelta.type === 'string') call.type = toolDelta.type;
    const fn = toolDelta.function;
    if (isRecord(fn)) {
      if (typeof fn.name === 'string' && fn.name) call.name = fn.name;
      if (typeof fn.arguments === 'string' && this.keepContent) call.argumentParts.push(fn.arguments);
    }
  }
}
