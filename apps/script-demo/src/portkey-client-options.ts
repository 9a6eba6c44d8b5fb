import type { ClientOptions } from 'openai';

/**
 * `openai` client options for the Portkey gateway, read from the environment: the gateway URL, the
 * Portkey key, and the routing (a virtual key, or a provider with its key and optional custom host).
 */
export function portkeyClientOptions(env: NodeJS.ProcessEnv): ClientOptions {
  const headers: Record<string, string> = {};
  if (env.PORTKEY_API_KEY) headers['x-portkey-api-key'] = env.PORTKEY_API_KEY;
  if (env.PORTKEY_VIRTUAL_KEY) {
    headers['x-portkey-virtual-key'] = env.PORTKEY_VIRTUAL_KEY;
  } else {
    headers['x-portkey-provider'] = env.PORTKEY_PROVIDER || 'openai';
    if (env.PORTKEY_CUSTOM_HOST) headers['x-portkey-custom-host'] = env.PORTKEY_CUSTOM_HOST;
  }
  return {
    baseURL: env.PORTKEY_BASE_URL || 'https://api.portkey.ai/v1',
    // Sent as `Authorization: Bearer`, which Portkey forwards to the provider.
    apiKey: env.OPENAI_API_KEY || 'unused-with-a-virtual-key',
    defaultHeaders: headers,
  };
}
