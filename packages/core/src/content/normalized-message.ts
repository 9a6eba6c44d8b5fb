/** A message in a shape shared by Chat Completions, Responses, Completions and Embeddings. */
export interface NormalizedMessage {
  role: string;
  /** Text content. */
  content?: string;
  /** Multimodal content, in order. */
  parts?: NormalizedContentPart[];
  name?: string;
  /** The tool call this message answers (`role: 'tool'`). */
  toolCallId?: string;
  toolCalls?: NormalizedToolCall[];
  /** Why generation stopped (output messages). */
  finishReason?: string;
}

/** One part of a multimodal message. */
export type NormalizedContentPart = { type: 'text'; text: string } | { type: 'image'; url: string };

/** A tool (function) call the model made. */
export interface NormalizedToolCall {
  id?: string;
  name?: string;
  /** The arguments as the model wrote them (a JSON string, usually). */
  arguments?: string;
}
