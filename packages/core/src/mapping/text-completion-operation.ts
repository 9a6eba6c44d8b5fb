import { finishReasonsOf, stringOrUndefined } from './chat-completion-operation.js';
import { isRecord } from './is-record.js';
import type { LLMOperation, StreamAccumulator } from './llm-operation.js';
import { usageFromCompletions } from './normalized-usage.js';
import { StreamChunkEnvelope } from './stream-chunk-envelope.js';

/** `POST /completions`: the legacy `completions.create`. */
export const textCompletionOperation: LLMOperation = {
  spanName: 'TextCompletion',
  operationName: 'text_completion',
  spanKind: 'LLM',
  openInferenceInput: 'prompts',
  supportsStreamUsage: true,
  contentKeys: new Set(['prompt', 'suffix']),

  readInput(body) {
    const prompts =
      typeof body.prompt === 'string' ? [body.prompt] : Array.isArray(body.prompt) ? body.prompt : [];
    return {
      messages: prompts
        .filter((prompt): prompt is string => typeof prompt === 'string')
        .map((prompt) => ({ role: 'user', content: prompt })),
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
        ? choices.map((choice) => ({
            role: 'assistant',
            content: typeof choice.text === 'string' ? choice.text : '',
            finishReason: stringOrUndefined(choice.finish_reason),
          }))
        : undefined,
    };
  },

  createStreamAccumulator(withContent) {
    return new TextCompletionStreamAccumulator(withContent);
  },
};

/** Rebuilds a `text_completion` from its chunks: text joined per choice, model, id and usage. */
class TextCompletionStreamAccumulator implements StreamAccumulator {
  private readonly envelope = new StreamChunkEnvelope();
  private readonly texts = new Map<number, { parts: string[]; finishReason?: string }>();
  private sawToken = false;

  constructor(private readonly keepContent: boolean) {}

  add(chunk: unknown): boolean {
    const choices = this.envelope.read(chunk);
    if (choices === undefined) return false;
    let firstToken = false;
    for (const choice of choices) {
      if (!isRecord(choice)) continue;
      const index = typeof choice.index === 'number' ? choice.index : 0;
      let entry = this.texts.get(index);
      if (!entry) {
        entry = { parts: [] };
        this.texts.set(index, entry);
      }
      if (typeof choice.finish_reason === 'string') entry.finishReason = choice.finish_reason;
      if (typeof choice.text === 'string' && choice.text) {
        firstToken = true;
        if (this.keepContent) entry.parts.push(choice.text);
      }
    }
    if (firstToken && !this.sawToken) {
      this.sawToken = true;
      return true;
    }
    return false;
  }

  response(): unknown {
    const choices = [...this.texts.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, entry]) => ({ index, text: entry.parts.join(''), finish_reason: entry.finishReason }));
    const { id, model, usage } = this.envelope;
    return { id, model, choices, usage };
  }

  inBandError(): unknown {
    return this.envelope.error;
  }

  isComplete(): boolean {
    if (this.texts.size === 0) return false;
    for (const entry of this.texts.values()) if (entry.finishReason === undefined) return false;
    return true;
  }
}
