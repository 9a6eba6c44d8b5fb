import { handleChatCompletions } from './chat-completions.js';
import { handleCompletions } from './completions.js';
import { handleEmbeddings } from './embeddings.js';
import { sendOpenAIError, sendScenarioError } from './errors.js';
import type { Exchange } from './exchange.js';
import { asRecord } from './request-fields.js';
import { handleResponses } from './responses.js';
import type { FakeOpenAIScenario } from './types.js';

/** An endpoint implementation: answers one valid request. */
type EndpointHandler = (
  exchange: Exchange,
  body: Record<string, unknown>,
  model: string,
  scenario: FakeOpenAIScenario,
) => Promise<void>;

const ENDPOINTS: Readonly<Record<string, EndpointHandler>> = {
  '/v1/chat/completions': handleChatCompletions,
  '/v1/completions': handleCompletions,
  '/v1/embeddings': handleEmbeddings,
  '/v1/responses': handleResponses,
};

/**
 * The endpoint serving `POST path`, or `undefined` (answered with a 404).
 *
 * @example
 * ```ts
 * findEndpoint('POST', '/v1/embeddings'); // handleEmbeddings
 * ```
 */
export function findEndpoint(method: string, path: string): EndpointHandler | undefined {
  const pathname = path.split('?')[0] ?? path;
  return method === 'POST' && Object.hasOwn(ENDPOINTS, pathname) ? ENDPOINTS[pathname] : undefined;
}

/**
 * Answer an unknown route like OpenAI does.
 *
 * @example
 * ```ts
 * sendNotFound(exchange); // 404 {"error":{"message":"Invalid URL (POST /v1/nope)",...}}
 * ```
 */
export function sendNotFound(exchange: Exchange): void {
  sendOpenAIError(exchange.res, 404, {
    message: `Invalid URL (${exchange.req.method ?? 'GET'} ${exchange.record.path})`,
    type: 'invalid_request_error',
    code: null,
  });
}

/**
 * Apply the scenario (latency, hang, error status), validate the body, then run the endpoint.
 *
 * @example
 * ```ts
 * await runEndpoint(exchange, handleChatCompletions, { latencyMs: 100 });
 * ```
 */
export async function runEndpoint(
  exchange: Exchange,
  handler: EndpointHandler,
  scenario: FakeOpenAIScenario,
): Promise<void> {
  if (scenario.latencyMs !== undefined && !(await exchange.sleep(scenario.latencyMs))) return;
  if (scenario.hang === true) return;
  if (scenario.status !== undefined) {
    sendScenarioError(exchange.res, { ...scenario, status: scenario.status });
    return;
  }
  const body = asRecord(exchange.record.body);
  if (body === undefined) {
    sendOpenAIError(exchange.res, 400, {
      message:
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)",
    });
    return;
  }
  if (typeof body.model !== 'string' || body.model === '') {
    sendOpenAIError(exchange.res, 400, { message: 'you must provide a model parameter', param: 'model' });
    return;
  }
  await handler(exchange, body, body.model, scenario);
}
