import { isRecord } from './is-record.js';
import { errorFromBody } from './response-error.js';

/**
 * What every streamed Chat Completions and Completions chunk may carry besides its choices: the id
 * (the first one wins), the model (the last non-empty one), usage (the usage chunk), and an in-stream
 * error (an `error` chunk without choices). One per stream.
 *
 * @example
 * ```ts
 * const envelope = new StreamChunkEnvelope();
 * for (const choice of envelope.read(chunk) ?? []) accumulate(choice);
 * const response = { id: envelope.id, model: envelope.model, usage: envelope.usage, choices };
 * ```
 */
export class StreamChunkEnvelope {
  id: string | undefined;
  model: string | undefined;
  usage: unknown;
  error: Error | undefined;

  /** Takes one chunk's envelope; returns its choices, or undefined when it has none (or is an error). */
  read(chunk: unknown): unknown[] | undefined {
    if (!isRecord(chunk)) return undefined;
    if (isRecord(chunk.error) && chunk.choices === undefined) {
      this.error = errorFromBody(chunk, undefined);
      return undefined;
    }
    if (typeof chunk.id === 'string' && this.id === undefined) this.id = chunk.id;
    if (typeof chunk.model === 'string' && chunk.model) this.model = chunk.model;
    if (isRecord(chunk.usage)) this.usage = chunk.usage;
    return Array.isArray(chunk.choices) ? chunk.choices : undefined;
  }
}
