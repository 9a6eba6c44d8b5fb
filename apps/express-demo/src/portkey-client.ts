import { createPortkeyClient } from '@portobserve/portkey';
import type OpenAI from 'openai';

/**
 * The Portkey client: gateway, key and routing come from the environment (`PORTKEY_*`,
 * `OPENAI_API_KEY`); `PORTKEY_CUSTOM_HOST` points the gateway at a self-hosted or local upstream.
 */
export function portkeyClient(env: NodeJS.ProcessEnv): OpenAI {
  return createPortkeyClient({
    customHost: env.PORTKEY_CUSTOM_HOST || undefined,
    metadata: { app: 'express-demo' },
  });
}
