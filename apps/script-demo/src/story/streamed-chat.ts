import type { CompletionUsage } from 'openai/resources/completions';
import type { StoryStep } from './story-step.js';
import { traceIdOf } from './story-step.js';

/** A streamed chat completion that asks for usage: one span for the whole stream. */
export const streamedChat: StoryStep = {
  id: 'streamed-chat',
  title: 'streamed chat, with usage',
  look: 'one span for the whole stream: how it ended, the time to the first chunk, the tokens from the usage chunk',
  reach: 'any',
  columns: [
    'operation_name',
    'span_status',
    'portobserve_stream_end',
    'gen_ai_response_time_to_first_chunk',
    'duration',
    'gen_ai_request_stream',
    'gen_ai_usage_input_tokens',
    'gen_ai_usage_output_tokens',
    'gen_ai_usage_total_tokens',
    'gen_ai_usage_cost',
    'gen_ai_output_messages',
  ],
  sqlColumns: ['portobserve_stream_end', 'gen_ai_response_time_to_first_chunk', 'gen_ai_usage_total_tokens'],
  async run({ client, env }) {
    const { data: stream, response } = await client.chat.completions
      .create({
        model: env.DEMO_MODEL || 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Name three things a trace shows, in one line.' }],
        stream: true,
        stream_options: { include_usage: true },
      })
      .withResponse();
    let text = '';
    let chunks = 0;
    let usage: CompletionUsage | undefined;
    for await (const chunk of stream) {
      chunks += 1;
      text += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage ?? usage;
    }
    return {
      traceId: traceIdOf(response.headers),
      lines: [
        `streamed: ${text} (${chunks} chunks)`,
        `tokens (the usage chunk): ${usage?.prompt_tokens} prompt + ${usage?.completion_tokens} completion`,
      ],
    };
  },
};
