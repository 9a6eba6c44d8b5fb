import type { Attributes } from '@opentelemetry/api';
import type { NormalizedMessage } from '../content/normalized-message.js';
import type { NormalizedUsage } from './normalized-usage.js';

/** What a request asked for, in the shape shared by every endpoint; read only when inputs are captured. */
export interface LLMInput {
  /** The conversation (chat), the prompts (completions) or the texts (embeddings), as messages. */
  messages: NormalizedMessage[];
  /** Instructions given apart from the conversation (Responses `instructions`). */
  systemInstructions?: string;
  /** Tool definitions offered to the model, as the request gave them. */
  tools?: readonly unknown[];
}

/** What a response (or a finished stream) said, in the shape shared by every endpoint. */
export interface LLMOutput {
  model?: string;
  id?: string;
  finishReasons?: string[];
  usage?: NormalizedUsage;
  /** The answer; only read when outputs are captured. */
  messages?: NormalizedMessage[];
}

/** Collects stream chunks (or events) into what a non-streamed response would have said. */
export interface StreamAccumulator {
  /** Takes one chunk; returns true when it carried the first generated token. */
  add(chunk: unknown): boolean;
  /** What the stream said so far, as the operation's response shape. */
  response(): unknown;
  /** An error the stream reported in-band (an `error` chunk, a `response.failed` event). */
  inBandError(): unknown;
  /** True once the stream said it was complete (a finish reason on every choice, or a final event). */
  isComplete(): boolean;
}

/** How the OpenInference vocabulary names this endpoint's inputs. */
export type OpenInferenceInputKind = 'messages' | 'prompts' | 'embeddings';

/**
 * How one OpenAI-compatible endpoint maps to a span: names, and readers of its request, response and
 * stream. Shared by the `openai` class instrumentation and the transport capture, which see the same
 * JSON (the SDK's parsed objects are the wire's JSON).
 */
export interface LLMOperation {
  /** Span name, e.g. `ChatCompletion`. */
  spanName: string;
  /** `gen_ai.operation.name`. */
  operationName: 'chat' | 'text_completion' | 'embeddings';
  /** `openinference.span.kind`. */
  spanKind: 'LLM' | 'EMBEDDING';
  openInferenceInput: OpenInferenceInputKind;
  /** Whether `stream_options.include_usage` exists for it. */
  supportsStreamUsage: boolean;
  /** Request body keys that hold content (kept out of `llm.invocation_parameters`). */
  contentKeys: ReadonlySet<string>;
  /** Request attributes of this endpoint alone (not content). */
  writeRequestDetails?(body: Record<string, unknown>, attributes: Attributes): void;
  /** Response attributes of this endpoint alone (not content). */
  writeResponseDetails?(output: LLMOutput, attributes: Attributes): void;
  /** What `input.value` holds (OpenInference format): the whole body unless said otherwise. */
  rawInput?(body: Record<string, unknown>): unknown;
  readInput(body: Record<string, unknown>): LLMInput;
  readOutput(response: Record<string, unknown>, withContent: boolean): LLMOutput;
  createStreamAccumulator(withContent: boolean): StreamAccumulator;
}
