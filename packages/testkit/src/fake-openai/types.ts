/**
 * Controls how the fake OpenAI upstream answers one request (or every request, as the default).
 */
export interface FakeOpenAIScenario {
  /** Answer with this HTTP error status and an OpenAI-style error body. */
  status?: number;
  /** `error.message` of the error body (default derived from the status). */
  errorMessage?: string;
  /** `error.type` of the error body (default derived from the status). */
  errorType?: string;
  /** `error.code` of the error body (default derived from the status). */
  errorCode?: string;
  /** Wait this long before sending the response headers. */
  latencyMs?: number;
  /** Accept the request and never answer (until the client gives up, `reset()` or `close()`). */
  hang?: boolean;
  /** Answer text (chat, legacy completions, responses). */
  content?: string;
  /** Answer with these tool calls instead of text (chat completions and responses). */
  toolCalls?: Array<{ name: string; arguments: string }>;
  /** Served model reported in the response (default: the requested model, dated for known OpenAI names). */
  model?: string;
  /** Override the computed token counts. */
  usage?: {
    promptTokens?: number;
    completionTokens?: number;
    cachedTokens?: number;
    reasoningTokens?: number;
  };
  /** Delay between SSE chunks. */
  chunkDelayMs?: number;
  /** Streaming: after this many SSE data chunks, destroy the socket abruptly (mid-stream failure). */
  failAfterChunks?: number;
}

/** One request as the fake upstream received it. */
export interface RecordedUpstreamRequest {
  method: string;
  /** Path including the query string, e.g. `/v1/chat/completions`. */
  path: string;
  /** Lower-cased header names; repeated headers are joined with `, `. */
  headers: Record<string, string>;
  /** Parsed JSON body, the raw text when it is not JSON, or `undefined` when empty. */
  body: unknown;
  /** The client closed the connection before the response completed; updated live. */
  aborted: boolean;
}

/** A running fake OpenAI-compatible upstream. */
export interface FakeOpenAI {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `url + '/v1'`, what an OpenAI client or the gateway's custom host needs. */
  baseURL: string;
  port: number;
  /** Every request received, in arrival order. */
  requests: RecordedUpstreamRequest[];
  /** Scenarios applied to the next endpoint requests in order, one each. */
  enqueue(...scenarios: FakeOpenAIScenario[]): void;
  /** Scenario used when the queue is empty. */
  setDefaultScenario(scenario: FakeOpenAIScenario): void;
  /** Clear the queue, the default scenario and the recorded requests; release in-flight (hung) requests. */
  reset(): void;
  /** Stop listening and close every socket; idempotent. */
  close(): Promise<void>;
}

/** Options of `startFakeOpenAI()`. */
export interface StartFakeOpenAIOptions {
  /** Port on 127.0.0.1 (default 0: any free port). */
  port?: number;
}
