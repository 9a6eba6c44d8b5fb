import OpenAI from 'openai';
import { deadPort } from './dead-port.js';
import type { StoryStep } from './story-step.js';
import { traceIdOf } from './story-step.js';

/**
 * A Portkey config with `strategy: fallback`: the first target is a port on 127.0.0.1 where nothing
 * listens, the second the provider the other calls use. 127.0.0.1 is allowed as a custom host by the
 * gateway's default `TRUSTED_CUSTOM_HOSTS` (localhost,127.0.0.1,::1,host.docker.internal).
 */
export const fallback: StoryStep = {
  id: 'fallback',
  title: 'a fallback config whose first target is down',
  look: 'portkey_last_used_option_index config.targets[1]: the second target answered',
  reach: 'self-hosted-gateway',
  columns: [
    'operation_name',
    'span_status',
    'portkey_last_used_option_index',
    'portkey_retry_attempt_count',
    'portkey_provider',
    'gen_ai_response_model',
    'gen_ai_usage_total_tokens',
  ],
  sqlColumns: ['span_status', 'portkey_last_used_option_index', 'portkey_provider'],
  async run({ env }) {
    const provider = env.PORTKEY_PROVIDER || 'openai';
    const down = `http://127.0.0.1:${await deadPort()}/v1`;
    const up = {
      provider,
      api_key: env.OPENAI_API_KEY,
      ...(env.PORTKEY_CUSTOM_HOST && { custom_host: env.PORTKEY_CUSTOM_HOST }),
    };
    const config = { strategy: { mode: 'fallback' }, targets: [{ ...up, custom_host: down }, up] };
    const client = new OpenAI({
      baseURL: env.PORTKEY_BASE_URL,
      apiKey: env.OPENAI_API_KEY, // each target carries its own key; the client needs one all the same
      defaultHeaders: { 'x-portkey-config': JSON.stringify(config) },
    });
    const { data, response } = await client.chat.completions
      .create({
        model: env.DEMO_MODEL || 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Are you the second target?' }],
      })
      .withResponse();
    return {
      traceId: traceIdOf(response.headers),
      lines: [
        `x-portkey-config: ${JSON.stringify(config).replaceAll(`"api_key":${JSON.stringify(up.api_key)}`, '"api_key":"…"')}`,
        `nothing listens on ${down}: the gateway falls back to the second target`,
        `answered by ${response.headers.get('x-portkey-last-used-option-index')} (x-portkey-last-used-option-index): ${data.choices[0]?.message.content ?? '(no content)'}`,
      ],
    };
  },
};
