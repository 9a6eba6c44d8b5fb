import type { OpenAITarget } from '@portobserve/core';
import type { RequestTracingOptions } from '@portobserve/core/adapter';

/**
 * Settings shared by {@link withOpenObserve} and {@link withOpenObserveApi}: `context`,
 * `recordRequestHeaders` and `tracerProvider` as in every adapter, plus `route`, `openai` and `flush`.
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
export interface RouteTracingOptions<Request> extends RequestTracingOptions<Request> {
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
