import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendOpenAIError } from './errors.js';
import { Exchange } from './exchange.js';
import { flattenHeaders, parseBody, readBodyText } from './http-io.js';
import { findEndpoint, runEndpoint, sendNotFound } from './router.js';
import { ScenarioQueue } from './scenario.js';
import type { FakeOpenAI, RecordedUpstreamRequest, StartFakeOpenAIOptions } from './types.js';

export type {
  FakeOpenAI,
  FakeOpenAIScenario,
  RecordedUpstreamRequest,
  StartFakeOpenAIOptions,
} from './types.js';

/**
 * Start an OpenAI-compatible upstream on 127.0.0.1 (node:http only) serving `/v1/chat/completions`,
 * `/v1/completions`, `/v1/embeddings` and `/v1/responses`, plain and streaming, with scriptable
 * scenarios (errors, latency, hangs, tool calls, mid-stream failures) and a log of every request.
 *
 * @example
 * ```ts
 * const fake = await startFakeOpenAI();
 * fake.enqueue({ content: 'Hi there.' }, { status: 429 });
 * const client = new OpenAI({ baseURL: fake.baseURL, apiKey: 'sk-test', maxRetries: 0 });
 * const first = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
 * first.model; // 'gpt-4o-mini-2024-07-18'
 * await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [] }); // throws a 429 APIError
 * fake.requests.length; // 2
 * await fake.close();
 * ```
 */
export async function startFakeOpenAI(options: StartFakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const scenarios = new ScenarioQueue();
  const requests: RecordedUpstreamRequest[] = [];
  const live = new Set<Exchange>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const record: RecordedUpstreamRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: flattenHeaders(req),
      body: undefined,
      aborted: false,
    };
    const exchange = new Exchange(req, res, record);
    live.add(exchange);
    exchange.signal.addEventListener('abort', () => live.delete(exchange), { once: true });
    record.body = parseBody(await readBodyText(req));
    requests.push(record);
    const endpoint = findEndpoint(record.method, record.path);
    if (endpoint === undefined) {
      sendNotFound(exchange);
      return;
    }
    await runEndpoint(exchange, endpoint, scenarios.next());
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendOpenAIError(res, 500, { message: `Fake upstream failure: ${String(error)}`, type: 'server_error' });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });

  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const releaseAll = (): void => {
    for (const exchange of [...live]) exchange.destroy();
  };
  let closing: Promise<void> | undefined;

  return {
    url,
    baseURL: `${url}/v1`,
    port,
    requests,
    enqueue: (...queued) => scenarios.enqueue(queued),
    setDefaultScenario: (scenario) => scenarios.setDefault(scenario),
    reset: () => {
      scenarios.clear();
      requests.length = 0;
      releaseAll();
    },
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        releaseAll();
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
