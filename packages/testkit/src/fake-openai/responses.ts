import { answerText, type PlannedAnswer, planAnswer } from './answer.js';
import type { Exchange } from './exchange.js';
import { sendJson } from './http-io.js';
import { randomId, unixSeconds } from './ids.js';
import { collectText, splitEvenly, splitIntoPieces } from './input-text.js';
import { responsesJsonSchema } from './request-fields.js';
import { servedModel } from './served-model.js';
import { type SseEvent, sseJson, streamSse } from './sse.js';
import { responsesUsage, tokenCounts } from './tokens.js';
import type { FakeOpenAIScenario } from './types.js';

type Json = Record<string, unknown>;

const ARGUMENT_FRAGMENTS = 3;

/** Completed output items: one assistant message, or one `function_call` per tool call. */
function outputItems(answer: PlannedAnswer): Json[] {
  if (answer.kind === 'tools') {
    return answer.calls.map((call) => ({
      type: 'function_call',
      id: randomId('fc_'),
      call_id: call.id,
      name: call.name,
      arguments: call.arguments,
      status: 'completed',
    }));
  }
  return [
    {
      type: 'message',
      id: randomId('msg_'),
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: answer.text, annotations: [], logprobs: [] }],
    },
  ];
}

/** The events that build one output item: added, deltas, done. */
function itemEvents(item: Json, outputIndex: number): Array<[string, Json]> {
  const itemId = item.id as string;
  if (item.type === 'function_call') {
    const args = item.arguments as string;
    return [
      [
        'response.output_item.added',
        { output_index: outputIndex, item: { ...item, arguments: '', status: 'in_progress' } },
      ],
      ...splitEvenly(args, ARGUMENT_FRAGMENTS).map((delta): [string, Json] => [
        'response.function_call_arguments.delta',
        { item_id: itemId, output_index: outputIndex, delta },
      ]),
      [
        'response.function_call_arguments.done',
        { item_id: itemId, output_index: outputIndex, arguments: args },
      ],
      ['response.output_item.done', { output_index: outputIndex, item }],
    ];
  }
  const part = (item.content as Json[])[0]!;
  const text = part.text as string;
  const where = { item_id: itemId, output_index: outputIndex, content_index: 0 };
  return [
    [
      'response.output_item.added',
      { output_index: outputIndex, item: { ...item, status: 'in_progress', content: [] } },
    ],
    ['response.content_part.added', { ...where, part: { ...part, text: '' } }],
    ...splitIntoPieces(text).map((delta): [string, Json] => [
      'response.output_text.delta',
      { ...where, delta, logprobs: [] },
    ]),
    ['response.output_text.done', { ...where, text, logprobs: [] }],
    ['response.content_part.done', { ...where, part }],
    ['response.output_item.done', { output_index: outputIndex, item }],
  ];
}

/**
 * `POST /v1/responses`: a completed `response`, or with `stream: true` the typed event stream
 * (`response.created` ... `response.completed`), every event with a `sequence_number`.
 *
 * @example
 * ```ts
 * await handleResponses(exchange, { input: 'hi', stream: true }, 'gpt-4o-mini', {});
 * ```
 */
export async function handleResponses(
  exchange: Exchange,
  body: Json,
  model: string,
  scenario: FakeOpenAIScenario,
): Promise<void> {
  const answer = planAnswer(scenario, responsesJsonSchema(body));
  const counts = tokenCounts(collectText([body.instructions, body.input]), answerText(answer), scenario);
  const output = outputItems(answer);
  const textFormat = (body.text as Json | undefined)?.format ?? { type: 'text' };
  const response: Json = {
    id: randomId('resp_'),
    object: 'response',
    created_at: unixSeconds(),
    status: 'completed',
    background: false,
    error: null,
    incomplete_details: null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    max_tool_calls: body.max_tool_calls ?? null,
    model: servedModel(model, scenario.model),
    output,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: body.previous_response_id ?? null,
    prompt_cache_key: body.prompt_cache_key ?? null,
    reasoning: { effort: null, summary: null },
    safety_identifier: body.safety_identifier ?? null,
    service_tier: 'default',
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    text: { format: textFormat, verbosity: (body.text as Json | undefined)?.verbosity ?? 'medium' },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_logprobs: body.top_logprobs ?? 0,
    top_p: body.top_p ?? 1,
    truncation: 'disabled',
    usage: responsesUsage(counts),
    user: null,
    metadata: body.metadata ?? {},
  };

  if (body.stream !== true) {
    sendJson(exchange.res, 200, response);
    return;
  }

  const pending = { ...response, status: 'in_progress', output: [], usage: null };
  const steps: Array<[string, Json]> = [
    ['response.created', { response: pending }],
    ['response.in_progress', { response: pending }],
    ...output.flatMap((item, index) => itemEvents(item, index)),
    ['response.completed', { response }],
  ];
  const events: SseEvent[] = steps.map(([type, fields], sequence) =>
    sseJson({ type, sequence_number: sequence, ...fields }, type),
  );
  await streamSse(exchange, scenario, events);
}
