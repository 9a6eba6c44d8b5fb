import { setTimeout as sleep } from 'node:timers/promises';
import type { LLMContext } from '@portobserve/core';
import type express from 'express';
import type { Express, NextFunction, Request, Response } from 'express';
import type OpenAI from 'openai';
import { openobserveErrorHandler, openobserveMiddleware } from '../../src/index.js';

/** `express` (5) or `express4`: both default-export the application factory. */
export type ExpressModule = typeof express;

const messages = (content: string) => [{ role: 'user' as const, content }];

/** The `ignore` predicate: `x-synthetic: yes` is left untraced; `x-ignore-mode: throw` makes it throw. */
function ignoreSynthetic(req: Request): boolean {
  if (req.get('x-ignore-mode') === 'throw') throw new Error('ignore callback failed');
  return req.get('x-synthetic') === 'yes';
}

/**
 * The `context` option: session, user and tenant from headers. `x-context-mode` picks how it answers:
 * `async` (a promise, resolved a little later), `throw` or `reject`.
 */
function llmContextFromHeaders(req: Request): LLMContext | undefined | Promise<LLMContext | undefined> {
  const mode = req.get('x-context-mode');
  if (mode === 'throw') throw new Error('context callback failed');
  if (mode === 'reject') return Promise.reject(new Error('context callback rejected'));
  const llmContext = req.get('x-session-id')
    ? {
        sessionId: req.get('x-session-id'),
        userId: req.get('x-user-id'),
        metadata: { tenant: req.get('x-tenant') },
      }
    : undefined;
  return mode === 'async' ? sleep(5).then(() => llmContext) : llmContext;
}

/**
 * A small app with every case the tests need, traced by the middleware under test (`recordAllRequests`
 * for the tests of what a request span carries when no LLM call is under it).
 */
export function buildApp(
  express: ExpressModule,
  portkey: OpenAI,
  direct: OpenAI,
  { recordAllRequests = false } = {},
): Express {
  const app = express();
  app.set('env', 'test'); // no stack traces from Express's final handler on stderr
  app.use(
    openobserveMiddleware({
      ignore: ['/health', /^\/internal\//, ignoreSynthetic],
      context: llmContextFromHeaders,
      recordRequestHeaders: ['x-request-id', 'Authorization', 'cookie', 'Set-Cookie'],
      recordAllRequests,
    }),
  );

  const chat = async (content: string) => {
    const answer = await portkey.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: messages(content),
    });
    return answer.choices[0]?.message.content;
  };

  app.get('/plain', async (_req, res, next) => {
    try {
      res.json({ answer: await chat('plain') });
    } catch (error) {
      next(error);
    }
  });
  app.post('/chat', express.json(), async (req: Request, res: Response, next: NextFunction) => {
    try {
      res.json({ answer: await chat(String(req.body.message)) });
    } catch (error) {
      next(error);
    }
  });

  // A body reader of its own, resuming in the request stream's 'end' callback (no AsyncResource, unlike
  // body-parser): only the bound request keeps the context there.
  const readJsonBody = (req: Request, _res: Response, next: NextFunction) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      text += chunk;
    });
    req.on('end', () => {
      req.body = JSON.parse(text || '{}');
      next();
    });
  };
  app.post('/chat/raw-body', readJsonBody, async (req: Request, res: Response, next: NextFunction) => {
    try {
      res.json({ answer: await chat(String(req.body.message)) });
    } catch (error) {
      next(error);
    }
  });

  const api = express.Router();
  api.post('/conversations/:id/messages', express.json(), async (req, res, next) => {
    try {
      res.json({ id: req.params.id, answer: await chat(String(req.body.message)) });
    } catch (error) {
      next(error);
    }
  });
  api.get('/conversations/:id/boom', () => {
    throw new Error('router boom');
  });
  app.use('/api', api);

  // Routers mounted on paths with parameters (a tenant's), nested, with and without mergeParams.
  const items = express.Router({ mergeParams: true });
  items.get('/items/:item', async (req: Request, res: Response, next: NextFunction) => {
    try {
      res.json({ params: req.params, answer: await chat('tenant item') });
    } catch (error) {
      next(error);
    }
  });
  const projects = express.Router();
  projects.use('/p/:project', items);
  app.use('/t/:tenant', items);
  app.use('/o/:org/teams/:team', projects);
  // A parameter before a literal segment that can hold the same text.
  app.use('/c/:city/x', items);
  // A middleware on a shorter path that hands on, then a router on a longer one (body parsers, auth).
  const handOn = (_req: Request, _res: Response, next: NextFunction) => next();
  const v1 = express.Router();
  v1.get('/users', async (_req: Request, res: Response, next: NextFunction) => {
    try {
      res.json({ answer: await chat('v1 users') });
    } catch (error) {
      next(error);
    }
  });
  app.use('/shop', handOn);
  app.use('/shop/v1', v1);
  // A middleware on a parameter (a language, a tenant) that hands on, then a literal mount.
  app.use('/:lang', handOn);
  app.use('/docs', v1);

  // A sub-app: Express gives the request the sub-app's own request prototype while it is there.
  const sub = express();
  sub.get('/items/:id', async (req: Request, res: Response, next: NextFunction) => {
    try {
      const answer = await chat('sub-app');
      res.json({ route: (req.route as { path: string }).path, answer });
    } catch (error) {
      next(error);
    }
  });
  app.use('/sub', sub);

  app.post('/stream', express.json(), streamChat(portkey));
  app.post('/stream/direct', express.json(), streamChat(direct));

  app.get('/boom', () => {
    throw new Error('sync boom');
  });
  app.get('/async-boom', async () => {
    await sleep(5);
    throw new Error('async boom');
  });
  // Express 4 does not forward rejected promises: its async handlers pass errors to next() themselves.
  app.get('/async-boom-next', async (_req: unknown, _res: unknown, next: (error: unknown) => void) => {
    try {
      await sleep(5);
      throw new Error('async boom');
    } catch (error) {
      next(error);
    }
  });
  app.get('/hang', () => {
    // Never answers, like an Express 4 async handler whose promise rejected.
  });
  app.get('/health', (_req, res) => {
    res.send('ok');
  });
  app.get('/internal/metrics', (_req, res) => {
    res.send('metrics');
  });
  // What a handler sees of req.route, traced (recordAllRequests) or not (ignored).
  const describeRoute = (req: Request, res: Response) => {
    res.json({ path: (req.route as { path?: string } | undefined)?.path, own: Object.hasOwn(req, 'route') });
  };
  app.get('/route-info/:id', describeRoute);
  app.get('/internal/route-info/:id', describeRoute);
  app.get('/hello', (_req, res) => {
    res.send('hello');
  });

  app.use(openobserveErrorHandler());
  return app;
}

/** Streams the answer as server-sent events; a client that goes away aborts the upstream call. */
function streamChat(client: OpenAI) {
  return async (req: Request, res: Response) => {
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    try {
      const stream = await client.chat.completions.create(
        { model: 'gpt-4o-mini', messages: messages(String(req.body.message)), stream: true },
        { signal: abort.signal },
      );
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.flushHeaders();
      for await (const chunk of stream) {
        const token = chunk.choices[0]?.delta?.content;
        if (token) res.write(`data: ${JSON.stringify({ token })}\n\n`);
      }
      res.end('data: [DONE]\n\n');
    } catch (error) {
      if (!abort.signal.aborted) res.destroy(error as Error);
    }
  };
}
