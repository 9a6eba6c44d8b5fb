import { portkeyHeaders } from '@portobserve/portkey';
import OpenAI from 'openai';

/**
 * A plain `new OpenAI()` pointed at the gateway (no Portkey factory, no option of ours), as a route
 * would make it (PORTKEY_BASE_URL, OPENAI_API_KEY, PORTKEY_CUSTOM_HOST).
 */
export function plainGatewayOpenAI(): OpenAI {
  return new OpenAI({
    baseURL: process.env.PORTKEY_BASE_URL,
    apiKey: process.env.OPENAI_API_KEY,
    defaultHeaders: portkeyHeaders({
      provider: 'openai',
      customHost: process.env.PORTKEY_CUSTOM_HOST || undefined,
    }),
  });
}
