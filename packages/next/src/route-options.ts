import type { LLMContext, OpenAITarget, ServerSpanOptions } from '@portobserve/core';

/**
 * Settings shared by {@link withOpenObserve} and {@link withOpenObserveApi}.
 *
 * @example
 * ```ts
 * const options: RouteTracingOptions<Request> = {
 *   context: (request) => ({ sessionId: request.headers.get('x-session-id') ?? undefined }),
 *   openai: OpenAI,
 * };
 * export const POST = withOpenObserve(handler, options);
 * ```
 */
export interface RouteTracingOptions<Request> extends ServerSpanOptions {
  /**
   * Session, user, metadata and tags for every LLM span of the request (see `withLLMContext`). May be
   * async. Do not consume the body here (use `request.clone()` if you must read it).
   */
  context?: (request: Request) => LLMContext | undefined | Promise<LLMContext | undefined>;
  /**
   * The route pattern (`/api/chat/[id]`), recorded as `http.route` when this wrapper has to make the
   * SERVER span itself. Next.js's own span already carries it.
   */
  route?: string;
  /**
   * The `OpenAI` class this route module imports, to trace a plain `new OpenAI()` in the route: the
   * route bundle has its own copy of `openai`, which `registerOpenObserve()` cannot patch. Clients
   * from `createPortkeyClient()` are traced without it.
   */
  openai?: OpenAITarget;
  /** Flush spans after each response, for serverless platforms (default true). */
  flush?: boolean;
}
