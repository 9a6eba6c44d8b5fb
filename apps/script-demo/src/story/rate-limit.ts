import { APIError } from 'openai';
import type { StoryStep } from './story-step.js';
import { traceIdOf } from './story-step.js';

/** A call the upstream refuses with 429: an ERROR span, with no tokens and no cost. */
export const rateLimit: StoryStep = {
  id: 'rate-limit',
  title: 'an upstream 429',
  look: 'span_status ERROR with error_type 429, and no tokens or cost for a call that used none',
  reach: 'local-stand-ins',
  columns: [
    'operation_name',
    'span_status',
    'error_type',
    'status_message',
    'gen_ai_request_model',
    'gen_ai_usage_total_tokens',
    'gen_ai_usage_cost',
    'portkey_retry_attempt_count',
  ],
  sqlColumns: ['span_status', 'error_type', 'status_message'],
  async run({ client, env }) {
    try {
      // maxRetries: 0, one attempt: the openai client would otherwise retry a 429 twice (still one span).
      await client.chat.completions.create(
        { model: env.DEMO_MODEL || 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello again?' }] },
        { maxRetries: 0 },
      );
    } catch (error) {
      if (error instanceof APIError && error.status === 429) {
        return { traceId: traceIdOf(error.headers), lines: [`the gateway answered ${error.message}`] };
      }
      throw error;
    }
    throw new Error('the upstream was told to answer 429, but the call succeeded');
  },
};
