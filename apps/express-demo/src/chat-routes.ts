import express, { type Request, type Response, type Router } from 'express';
import type OpenAI from 'openai';

/** Models the routes use; `DEMO_MODEL` and `DEMO_EMBEDDING_MODEL` override them. */
export interface DemoModels {
  chat: string;
  embedding: string;
}

/** `POST /chat`, `POST /chat/stream` (server-sent events) and `POST /embed`. */
export function chatRoutes(client: OpenAI, models: DemoModels): Router {
  const router = express.Router();
  router.use(express.json());

  router.post('/chat', async (req: Request, res: Response) => {
    const completion = await client.chat.completions.create({
      model: models.chat,
      messages: [{ role: 'user', content: messageOf(req) }],
    });
    res.json({ answer: completion.choices[0]?.message.content ?? '', usage: completion.usage });
  });

  router.post('/chat/stream', async (req: Request, res: Response) => {
    // The client going away aborts the upstream call, so no tokens are paid for that nobody reads.
    const upstream = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) upstream.abort();
    });
    try {
      const stream = await client.chat.completions.create(
        { model: models.chat, messages: [{ role: 'user', content: messageOf(req) }], stream: true },
        { signal: upstream.signal },
      );
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.flushHeaders();
      for await (const chunk of stream) {
        const token = chunk.choices[0]?.delta?.content;
        if (token) res.write(`data: ${JSON.stringify({ token })}\n\n`);
      }
      res.end('data: [DONE]\n\n');
    } catch (error) {
      if (upstream.signal.aborted) return; // the client left: nothing to answer
      if (res.headersSent) res.destroy(error as Error);
      else throw error;
    }
  });

  router.post('/embed', async (req: Request, res: Response) => {
    const input = (req.body as { input?: unknown }).input;
    const texts = Array.isArray(input) ? input.map(String) : [String(input ?? '')];
    const result = await client.embeddings.create({ model: models.embedding, input: texts });
    res.json({ model: result.model, embeddings: result.data.map((item) => item.embedding) });
  });

  return router;
}

function messageOf(req: Request): string {
  const message = (req.body as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && message ? message : 'Say hello to OpenObserve in one sentence.';
}
