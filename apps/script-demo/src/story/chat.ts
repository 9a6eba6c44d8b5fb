import type { StoryStep } from './story-step.js';
import { traceIdOf } from './story-step.js';

/** A plain chat completion: the seed document's table, and what OpenObserve adds to it. */
export const chat: StoryStep = {
  id: 'chat',
  title: 'chat: one question, one answer',
  look: 'the requested and the served model, tokens counted by the provider, the cost, the messages',
  reach: 'any',
  columns: [
    'operation_name',
    'span_status',
    'duration',
    'llm_model_name',
    'llm_request_parameters_model',
    'gen_ai_request_model',
    'gen_ai_response_model',
    'llm_system',
    'gen_ai_provider_name',
    'openinference_span_kind',
    'gen_ai_operation_name',
    'llm_token_count_prompt',
    'llm_token_count_completion',
    'llm_token_count_total',
    'gen_ai_usage_input_tokens',
    'gen_ai_usage_output_tokens',
    'gen_ai_usage_total_tokens',
    'gen_ai_usage_cost',
    'gen_ai_input_messages',
    'gen_ai_output_messages',
    'portkey_provider',
    'portkey_trace_id',
    'service_name',
  ],
  sqlColumns: ['gen_ai_response_model', 'gen_ai_usage_total_tokens', 'gen_ai_usage_cost', 'duration'],
  async run({ client, env }) {
    const { data, response } = await client.chat.completions
      .create({
        model: env.DEMO_MODEL || 'gpt-4o-mini',
        messages: [{ role: 'user', content: env.DEMO_PROMPT || 'Say hello to OpenObserve in one sentence.' }],
      })
      .withResponse();
    return {
      traceId: traceIdOf(response.headers),
      lines: [
        `answer: ${data.choices[0]?.message.content ?? '(no content)'}`,
        `tokens: ${data.usage?.prompt_tokens} prompt + ${data.usage?.completion_tokens} completion`,
      ],
    };
  },
};
