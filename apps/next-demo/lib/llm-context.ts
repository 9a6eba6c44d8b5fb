import type { LLMContext } from '@portobserve/core';

/** Session and user of the request, from the headers the demo page sends, for every LLM span. */
export function llmContextOf(request: Request, route: string): LLMContext {
  return {
    sessionId: request.headers.get('x-session-id') ?? undefined,
    userId: request.headers.get('x-user-id') ?? undefined,
    metadata: { route },
  };
}
