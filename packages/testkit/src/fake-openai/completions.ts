import { DEFAULT_CONTENT } from './answer.js';
import type { Exchange } from './exchange.js';
import { sendJson } from './http-io.js';
import { randomId, unixSeconds } from './ids.js';
import { collectText, splitIntoPieces } from './input-text.js';
import { includeUsage } from './request-fields.js';
import { servedModel } from './served-model.js';
import { SSE_DONE, sseJson, streamSse } from './sse.js';
import { chatUsage, tokenCounts } from './tokens.js';
import type { FakeOpenAIScenario } from './types.js';

/** One choice per prompt when `prompt` is an array of several strings, else one. */
function choiceCount(prompt: unknown): number {
  return Array.isArray(prompt) && prompt.length > 1 && prompt.every((item) => typeof item === 'string')
    ? prompt.length
    : 1;
}

/**
 * `POST /v1/completions` (legacy): a `text_completion`, or with `stream: true` a stream of
 * `text_completion` chunks (usage chunk only with `stream_options.include_usage`).
 *
 * @example
 * ```ts
 * await handleCompletions(exchange, body, 'gpt-3.5-turbo-instruct', {});
 * ```
 */
export async function handleCompletions(
  exchange: Exchange,
  body: Record<string, unknown>,
  model: string,
  scenario: FakeOpenAIScenario,
): Promise<void> {
  const text = scenario.content ?? DEFAULT_CONTENT;
  const choices = choiceCount(body.prompt);
  const counts = tokenCounts(collectText(body.prompt), Array(choices).fill(text).join(' '), scenario);
  const head = {
    id: randomId('cmpl-'),
    object: 'text_completion',
    created: unixSeconds(),
    model: servedModel(model, scenario.model),
  };
  const indexes = [...Array(choices).keys()];

  if (body.stream !== true) {
    sendJson(exchange.res, 200, {
      ...head,
      choices: indexes.map((index) => ({ text, index, logprobs: null, finish_reason: 'stop' })),
      usage: chatUsage(counts),
    });
    return;
  }

  const withUsage = includeUsage(body);
  const usageNull = withUsage ? { usage: null } : {};
  const pieces = splitIntoPieces(text);
  const events = indexes.flatMap((index) => [
    ...pieces.map((piece) =>
      sseJson({
        ...head,
        choices: [{ text: piece, index, logprobs: null, finish_reason: null }],
        ...usageNull,
      }),
    ),
    sseJson({ ...head, choices: [{ text: '', index, logprobs: null, finish_reason: 'stop' }], ...usageNull }),
  ]);
  if (withUsage) events.push(sseJson({ ...head, choices: [], usage: chatUsage(counts) }));
  events.push(SSE_DONE);
  await streamSse(exchange, scenario, events);
}
