import { flushTraces } from '@portobserve/core';
import { traceNodeRequest } from '@portobserve/core/adapter';
import type { NextApiRequest, NextApiResponse } from 'next';
import { nextAdapterDetails } from './adapter-details.js';
import { instrumentRouteOpenAI } from './route-openai.js';
import type { RouteTracingOptions } from './route-options.js';

/**
 * Any Pages Router API route, `(req: NextApiRequest, res: NextApiResponse) => void`: what
 * {@link withOpenObserveApi} accepts.
 *
 * @example
 * ```ts
 * const hello: ApiRouteHandler = (req: NextApiRequest, res: NextApiResponse) => res.status(200).json({ hello: 'world' });
 * ```
 */
export type ApiRouteHandler = (req: never, res: never) => unknown;

/**
 * Settings of {@link withOpenObserveApi}.
 *
 * @example
 * ```ts
 * const options: WithOpenObserveApiOptions = { route: '/api/hello', context: (req) => ({ userId: String(req.headers['x-user-id']) }) };
 * ```
 */
export type WithOpenObserveApiOptions = RouteTracingOptions<NextApiRequest>;

/**
 * Traces a Pages Router API route (`pages/api/*`), keeping its type: the same as
 * {@link withOpenObserve}, for `(req, res)` handlers. The request ends when the response emits
 * `finish` (or `close`, when the client went away); when the handler has already answered, it waits
 * for the spans to be flushed before returning, so they are sent before a serverless function freezes.
 *
 * @example
 * ```ts
 * // pages/api/hello.ts
 * import type { NextApiRequest, NextApiResponse } from 'next';
 * import { withOpenObserveApi } from '@portobserve/next';
 * import { portkey } from '../../lib/portkey'; // a createPortkeyClient() made on first use
 *
 * export default withOpenObserveApi(async (req: NextApiRequest, res: NextApiResponse) => {
 *   const answer = await portkey().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
 *   res.status(200).json({ answer: answer.choices[0]?.message.content });
 * }, { route: '/api/hello' });
 * ```
 */
export function withOpenObserveApi<Handler extends ApiRouteHandler>(
  handler: Handler,
  options: WithOpenObserveApiOptions = {},
): Handler {
  const callHandler = handler as unknown as (req: NextApiRequest, res: NextApiResponse) => unknown;
  const details = nextAdapterDetails('withOpenObserveApi()', options.route);

  async function tracedApiHandler(this: unknown, req: NextApiRequest, res: NextApiResponse): Promise<void> {
    instrumentRouteOpenAI(options.openai);
    // Behind a proxy, its header says; otherwise core reads the socket (TLS or not).
    const scheme = String(req.headers['x-forwarded-proto'] ?? '').includes('https') ? 'https' : undefined;
    await traceNodeRequest(req, res, { ...details, scheme }, options, async ({ ended }) => {
      // When the handler throws, Next.js answers 500 afterwards: the flush follows that response.
      const flushed = options.flush === false ? undefined : ended.then(flushTraces);
      await callHandler.call(this, req, res);
      // Answered already: wait for the flush (the client has its response). Else flush when it is sent.
      if (res.writableEnded) await flushed;
    });
  }

  return tracedApiHandler as unknown as Handler;
}
