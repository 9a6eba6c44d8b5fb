import { answerText, type PlannedToolCall, planAnswer } from './answer.js';
import type { Exchange } from './exchange.js';
import { sendJson } from './http-io.js';
import { randomId, unixSeconds } from './ids.js';
import { collectText, splitEvenly, splitIntoPieces } from './input-text.js';
import { chatJsonSchema, includeUsage } from './request-fields.js';
import { servedModel } from './served-model.js';
import { SSE_DONE, type SseEvent, sseJson, streamSse } from './sse.js';
import { chatUsage, tokenCounts } from './tokens.js';
import type { FakeOpenAIScenario } from './types.js';

const SYSTEM_FINGERPRINT = 'fp_fake0penai';
const ARGUMENT_FRAGMENTS = 3;

function wireToolCall(call: PlannedToolCall): Record<string, unknown> {
  return { id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } };
}

/**
 * Tool call deltas streamed like OpenAI's parallel calls, but interleaved: first each call's header
 * (`index`, `id`, `type`, `function.name`, `arguments: ''`), then argument fragments round-robin
 * (call 0, call 1, call 0, ...), each carrying only `index` and `function.arguments`. A consumer
 * that merges by array position instead of `index` gets them wrong.
 */
function toolCallDeltas(calls: readonly PlannedToolCall[]): Record<string, unknown>[] {
  const deltas: Record<string, unknown>[] = calls.map((call, index) => ({
    tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }],
  }));
  const fragments = calls.map((call) => splitEvenly(call.arguments, ARGUMENT_FRAGMENTS));
  const rounds = Math.max(0, ...fragments.map((list) => list.length));
  for (let round = 0; round < rounds; round += 1) {
    fragments.forEach((list, index) => {
      const fragment = list[round];
      if (fragment !== undefined) deltas.push({ tool_calls: [{ index, function: { arguments: fragment } }] });
    });
  }
  return deltas;
}

/**
 * `POST /v1/chat/completions`: a `chat.completion`, or with `stream: true` a stream of
 * `chat.completion.chunk`s (usage chunk only with `stream_options.include_usage`).
 *
 * @example
 * ```ts
 * await handleChatCompletions(exchange, body, 'gpt-4o-mini', { content: 'Hi' });
 * ```
 */
export async function handleChatCompletions(
  exchange: Exchange,
  body: Record<string, unknown>,
  model: string,
  scenario: FakeOpenAIScenario,
): Promise<void> {
  const answer = planAnswer(scenario, chatJsonSchema(body));
  const counts = tokenCounts(collectText(body.messages), answerText(answer), scenario);
  const finishReason = answer.kind === 'tools' ? 'tool_calls' : 'stop';
  const head = {
    id: randomId('chatcmpl-'),
    created: unixSeconds(),
    model: servedModel(model, scenario.model),
    service_tier: 'default',
    system_fingerprint: SYSTEM_FINGERPRINT,
  };

  if (body.stream !== true) {
    const message: Record<string, unknown> = {
      role: 'assistant',
      content: answer.kind === 'text' ? answer.text : null,
      refusal: null,
      annotations: [],
    };
    if (answer.kind === 'tools') message.tool_calls = answer.calls.map(wireToolCall);
    sendJson(exchange.res, 200, {
      ...head,
      object: 'chat.completion',
      choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
      usage: chatUsage(counts),
    });
    return;
  }

  const withUsage = includeUsage(body);
  const chunk = (delta: Record<string, unknown>, finish: string | null = null): SseEvent =>
    sseJson({
      ...head,
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...(withUsage ? { usage: null } : {}),
    });
  const deltas =
    answer.kind === 'tools'
      ? [{ role: 'assistant', content: null }, ...toolCallDeltas(answer.calls)]
      : [
          { role: 'assistant', content: '', refusal: null },
          ...splitIntoPieces(answer.text).map((content) => ({ content })),
        ];
  const events = [...deltas.map((delta) => chunk(delta)), chunk({}, finishReason)];
  if (withUsage) {
    events.push(sseJson({ ...head, object: 'chat.completion.chunk', choices: [], usage: chatUsage(counts) }));
  }
  events.push(SSE_DONE);
  await streamSse(exchange, scenario, events);
}
