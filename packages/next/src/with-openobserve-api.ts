import { flushTraces } from '@portobserve/core';
import type { NextApiRequest, NextApiResponse } from 'next';
import { controlFlowOf } from './control-flow-error.js';
import { startRequestSpan } from './request-span.js';
import { instrumentRouteOpenAI } from './route-openai.js';
import type { RouteTracingOptions } from './route-options.js';
import { runInRequest } from './run-in-request.js';

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

  async function tracedApiHandler(this: unknown, req: NextApiRequest, res: NextApiResponse): Promise<void> {
    instrumentRouteOpenAI(options.openai);
    const requestSpan = startRequestSpan(
      {
        method: req.method ?? 'GET',
        path: (req.url ?? '/').split('?')[0] || '/',
        scheme: (req.headers['x-forwarded-proto'] ?? '').includes('https') ? 'https' : 'http',
        host: req.headers.host,
        header: (name) => headerValue(req.headers[name.toLowerCase()]),
        route: options.route,
      },
      options,
    );
    const responded = new Promise<void>((resolve) => {
      const end = (): void => {
        requestSpan.end(res.statusCode, { clientAborted: !res.writableFinished });
        resolve();
      };
      res.once('finish', end);
      res.once('close', end);
    });
    let failed = false;
    try {
      await runInRequest(requestSpan, req, options, () => callHandler.call(this, req, res));
    } catch (error) {
      failed = true;
      // Next.js answers 500 after this rethrow; 'finish' then ends the span with that status.
      if (!controlFlowOf(error)) requestSpan.recordError(error);
      throw error;
    } finally {
      if (options.flush !== false) {
        const flushed = responded.then(flushTraces);
        // Answered already: wait for the flush (the client has its response). Else flush when it is sent.
        if (!failed && res.writableEnded) await flushed;
      }
    }
  }

  return tracedApiHandler as unknown as Handler;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}
