import type { Attributes } from '@opentelemetry/api';
import { limitText } from '../content/limit-text.js';
import { toLimitedJson } from '../content/to-limited-json.js';
import { GEN_AI, OI } from './attribute-names.js';
import { writeChatOutput } from './chat-completion-operation.js';
import { isRecord } from './is-record.js';
import type { LLMOperation, MappingSettings, StreamAccumulator } from './llm-operation.js';
import { usageFromCompletions, writeUsageAttributes } from './normalized-usage.js';
import { pricedModel, writeResponseIdentity } from './write-response-identity.js';

const MAX_FLATTENED_PROMPTS = 8;

/** The legacy `completions.create`. */
export const textCompletionOperation: LLMOperation = {
  spanName: 'TextCompletion',
  operationName: 'text_completion',
  spanKind: 'LLM',
  supportsStreamUsage: true,
  contentKeys: new Set(['prompt', 'suffix']),

  writeRequestAttributes(body, settings, attributes) {
    if (!settings.policy.captureInputs) return;
    const prompts =
      typeof body.prompt === 'string' ? [body.prompt] : Array.isArray(body.prompt) ? body.prompt : [];
    for (let index = 0; index < prompts.length && index < MAX_FLATTENED_PROMPTS; index++) {
      const prompt = prompts[index];
      if (typeof prompt === 'string') {
        attributes[`${OI.prompts}.${index}.prompt.text`] = limitText(prompt, settings.policy.maxTextLength);
      }
    }
    attributes[OI.inputValue] = toLimitedJson(body, settings.policy.maxTextLength);
    attributes[OI.inputMimeType] = 'application/json';
  },

  writeResponseAttributes(response, settings, attributes) {
    if (!isRecord(response)) return;
    writeResponseIdentity(response.model, response.id, attributes);
    const choices = Array.isArray(response.choices) ? response.choices.filter(isRecord) : [];
    const finishReasons = choices
      .map((choice) => choice.finish_reason)
      .filter((r): r is string => typeof r === 'string');
    if (finishReasons.length > 0) attributes[GEN_AI.responseFinishReasons] = finishReasons;
    if (settings.policy.captureOutputs) {
      const messages = choices.map((choice) => ({
        role: 'assistant',
        content: typeof choice.text === 'string' ? choice.text : '',
      }));
      writeChatOutput(messages, settings.policy.maxTextLength, attributes);
    }
    const usage = usageFromCompletions(response.usage);
    if (usage) writeUsageAttributes(usage, pricedModel(attributes), settings.prices, attributes);
  },

  createStreamAccumulator(settings) {
    return new TextCompletionStreamAccumulator(settings);
  },
};

class TextCompletionStreamAccumulator implements StreamAccumulator {
  private id: string | undefined;
  private model: string | undefined;
  private usage: unknown;
  private readonly texts = new Map<number, { parts: string[]; finishReason?: string }>();
  private sawToken = false;

  constructor(private readonly settings: MappingSettings) {}

  add(chunk: unknown): boolean {
    if (!isRecord(chunk)) return false;
    if (typeof chunk.id === 'string' && this.id === undefined) this.id = chunk.id;
    if (typeof chunk.model === 'string' && chunk.model) this.model = chunk.model;
    if (isRecord(chunk.usage)) this.usage = chunk.usage;
    let firstToken = false;
    for (const choice of Array.isArray(chunk.choices) ? chunk.choices : []) {
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
        if (this.settings.policy.captureOutputs) entry.parts.push(choice.text);
      }
    }
    if (firstToken && !this.sawToken) {
      this.sawToken = true;
      return true;
    }
    return false;
  }

  writeAttributes(attributes: Attributes): void {
    const choices = [...this.texts.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, entry]) => ({ index, text: entry.parts.join(''), finish_reason: entry.finishReason }));
    textCompletionOperation.writeResponseAttributes(
      { id: this.id, model: this.model, choices, usage: this.usage },
      this.settings,
      attributes,
    );
  }

  inBandError(): unknown {
    return undefined;
  }

  isComplete(): boolean {
    if (this.texts.size === 0) return false;
    for (const entry of this.texts.values()) if (entry.finishReason === undefined) return false;
    return true;
  }
}
