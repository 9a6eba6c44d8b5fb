import { flushTraces } from '@portobserve/core';
import { openobserveErrorHandler, openobserveMiddleware } from '@portobserve/express';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type OpenAI from 'openai';
import { chatRoutes, type DemoModels } from './chat-routes.js';
import type { LocalStack } from './local-stack.js';

/** Only served on local defaults: the rows the OpenObserve stand-in received. */
export const DEBUG_ROWS_PATH = '/debug/openobserve-rows';

/** The demo service; `localStack` is set only when it runs on local defaults (no `.env`). */
export function createApp(client: OpenAI, models: DemoModels, localStack?: LocalStack): Express {
  const app = express();
  app.use(
    openobserveMiddleware({
      ignore: ['/health', DEBUG_ROWS_PATH],
      // Every LLM span of the request carries the caller's session and user.
      context: (req) => ({ sessionId: req.get('x-session-id'), userId: req.get('x-user-id') }),
      recordRequestHeaders: ['x-request-id'],
    }),
  );

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(chatRoutes(client, models));

  if (localStack) {
    // Local defaults only: lets you (and the tests) see what OpenObserve would have received.
    app.get(DEBUG_ROWS_PATH, async (_req, res) => {
      await flushTraces();
      res.json(localStack.rows());
    });
  }

  app.use(openobserveErrorHandler());
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: unknown }).status;
    res.status(typeof status === 'number' && status >= 400 ? status : 500).json({ error: String(error) });
  });
  return app;
}
