import type { StoryStep } from './story-step.js';
import { traceIdOf } from './story-step.js';

/** An embedding: another operation, priced on input tokens only. */
export const embedding: StoryStep = {
  id: 'embedding',
  title: 'an embedding',
  look: 'operation embeddings, input tokens only, and its own price',
  reach: 'any',
  columns: [
    'operation_name',
    'span_status',
    'openinference_span_kind',
    'gen_ai_operation_name',
    'gen_ai_request_model',
    'gen_ai_usage_input_tokens',
    'gen_ai_usage_cost',
  ],
  sqlColumns: ['gen_ai_operation_name', 'gen_ai_request_model', 'gen_ai_usage_input_tokens'],
  async run({ client, env }) {
    const { data, response } = await client.embeddings
      .create({
        model: env.DEMO_EMBEDDING_MODEL || 'text-embedding-3-small',
        input: 'OpenObserve keeps traces, logs and metrics.',
      })
      .withResponse();
    return {
      traceId: traceIdOf(response.headers),
      lines: [
        `embedding: ${data.data[0]?.embedding.length} numbers, ${data.usage.prompt_tokens} input tokens`,
      ],
    };
  },
};
