import { traceFetchRequest } from '@portobserve/core/adapter';
import { nextAdapterDetails } from './adapter-details.js';
import { instrumentRouteOpenAI } from './route-openai.js';
import type { RouteTracingOptions } from './route-options.js';
import { loadAfter, scheduleFlush } from './schedule-flush.js';

/**
 * Any App Router route handler, `(request, { params }) => Response`: what {@link withOpenObserve} accepts.
 *
 * @example
 * ```ts
 * const GET: RouteHandler = async (request: NextRequest, { params }: { params: Promise<{ id: string }> }) =>
 *   Response.json({ id: (await params).id });
 * ```
 */
export type RouteHandler = (request: never, context: never) => unknown;

/**
 * Settings of {@link withOpenObserve}.
 *
 * @example
 * ```ts
 * const options: WithOpenObserveOptions = { context: (request) => ({ userId: request.headers.get('x-user-id') ?? undefined }) };
 * ```
 */
export type WithOpenObserveOptions = RouteTracingOptions<Request>;

/**
 * Traces an App Router route handler, keeping its type. LLM calls made inside it land under Next.js's
 * own request span (`POST /api/chat`), or under a SERVER span it starts when Next.js has none. It
 * records the status and errors (`redirect()` is not an error, `notFound()` is a 404; both reach
 * Next.js untouched), applies `context(request)` to the LLM spans, and flushes the spans once the
 * response has been sent (with `after()`, for a streamed body once the stream has ended) and Next.js
 * has ended its own request span.
 *
 * @example
 * ```ts
 * // app/api/chat/route.ts
 * import { withOpenObserve } from '@portobserve/next';
 * import { createPortkeyClient } from '@portobserve/portkey';
 * import type OpenAI from 'openai';
 *
 * let portkey: OpenAI | undefined; // made on first use: `next build` loads this module without your environment
 *
 * export const POST = withOpenObserve(
 *   async (request: Request) => {
 *     const { prompt } = await request.json();
 *     portkey ??= createPortkeyClient({ provider: 'openai' });
 *     const answer = await portkey.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }] });
 *     return Response.json({ answer: answer.choices[0]?.message.content });
 *   },
 *   { context: (request) => ({ sessionId: request.headers.get('x-session-id') ?? undefined }) },
 * );
 * ```
 */
export function withOpenObserve<Handler extends RouteHandler>(
  handler: Handler,
  options: WithOpenObserveOptions = {},
): Handler {
  instrumentRouteOpenAI(options.openai);
  const callHandler = handler as unknown as (request: Request, routeContext: unknown) => unknown;
  const details = nextAdapterDetails('withOpenObserve()', options.route);

  async function tracedRouteHandler(
    this: unknown,
    request: Request,
    routeContext: unknown,
  ): Promise<unknown> {
    instrumentRouteOpenAI(options.openai);
    const after = options.flush === false ? undefined : await loadAfter();
    return traceFetchRequest(request, details, options, (trace) => {
      if (options.flush !== false) scheduleFlush(after, trace);
      return callHandler.call(this, request, routeContext);
    });
  }

  return tracedRouteHandler as unknown as Handler;
}
