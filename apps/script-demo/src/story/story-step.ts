import type OpenAI from 'openai';

/** The calls of the story, in the order the demo makes them. */
export type StoryStepId = 'chat' | 'streamed-chat' | 'tool-calls' | 'embedding' | 'rate-limit' | 'fallback';

/** What every call gets: a plain `openai` client pointed at the gateway, and the settings. */
export interface StoryContext {
  /** `new OpenAI(...)` with the gateway's URL and routing headers; traced by `instrumentOpenAI()`. */
  client: OpenAI;
  env: NodeJS.ProcessEnv;
}

/** What a call printed, and the trace it landed in (from the gateway's `x-portkey-trace-id` header). */
export interface StoryCallResult {
  lines: string[];
  traceId: string | undefined;
}

/**
 * Where a call can run: anywhere, only through a gateway on this machine (its first target is a dead
 * port here), or only on the local stand-ins (a real provider cannot be told to answer 429).
 */
export type StoryStepReach = 'any' | 'self-hosted-gateway' | 'local-stand-ins';

/** One call of the story: how it is made, and which columns of its row tell what happened. */
export interface StoryStep {
  id: StoryStepId;
  title: string;
  /** One line: what to look at in the row. */
  look: string;
  reach: StoryStepReach;
  /** The row's columns the demo prints, in order. */
  columns: readonly string[];
  /** The few columns the printed SQL selects: the ones this call is about. */
  sqlColumns: readonly string[];
  run(context: StoryContext): Promise<StoryCallResult>;
}

/** The trace id the gateway echoes, which `instrumentOpenAI()` set to the span's trace id. */
export function traceIdOf(headers: Headers | undefined): string | undefined {
  return headers?.get('x-portkey-trace-id') ?? undefined;
}
