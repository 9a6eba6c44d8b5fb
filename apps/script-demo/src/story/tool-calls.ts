import type OpenAI from 'openai';
import type { StoryStep } from './story-step.js';
import { traceIdOf } from './story-step.js';

const weatherTool: OpenAI.Chat.ChatCompletionFunctionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'The current weather in a city.',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

/** A chat completion that answers with two tool calls at once. */
export const toolCalls: StoryStep = {
  id: 'tool-calls',
  title: 'parallel tool calls',
  look: 'the tools offered, and both calls the model asked for, in the output messages',
  reach: 'any',
  columns: [
    'operation_name',
    'span_status',
    'gen_ai_response_finish_reasons',
    'gen_ai_request_parallel_tool_calls',
    'gen_ai_tool_definitions',
    'gen_ai_input_messages',
    'gen_ai_output_messages',
    'gen_ai_usage_total_tokens',
  ],
  sqlColumns: ['gen_ai_response_finish_reasons', 'gen_ai_output_messages'],
  async run({ client, env }) {
    const { data, response } = await client.chat.completions
      .create({
        model: env.DEMO_MODEL || 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'What is the weather in Paris and in Tokyo?' }],
        tools: [weatherTool],
        parallel_tool_calls: true,
      })
      .withResponse();
    const calls = (data.choices[0]?.message.tool_calls ?? []).map((call) =>
      call.type === 'function' ? `${call.function.name}(${call.function.arguments})` : call.type,
    );
    return {
      traceId: traceIdOf(response.headers),
      lines: [`tool calls: ${calls.join(', ') || '(none)'}`],
    };
  },
};
