import {
  type OpenObserveRow,
  startFakeOpenAI,
  startOpenObserve,
  startPortkeyGateway,
} from '@portobserve/testkit';

/** The local stand-ins started when there is no `.env`. */
export interface LocalStack {
  /** The spans the OpenObserve stand-in received, as OpenObserve's rows. */
  rows(): OpenObserveRow[];
  stop(): Promise<void>;
}

/**
 * Local defaults for a machine with no `.env`: the real Portkey gateway (from npm), a fake OpenAI
 * upstream and the OpenObserve stand-in, with the environment pointed at them.
 */
export async function startLocalStack(): Promise<LocalStack> {
  console.log(
    'no .env: starting a local Portkey gateway, a fake OpenAI upstream and an OpenObserve stand-in',
  );
  const [openobserve, upstream, gateway] = await Promise.all([
    startOpenObserve(),
    startFakeOpenAI(),
    startPortkeyGateway(),
  ]);
  // Slow enough that /chat/stream visibly streams, token by token.
  upstream.setDefaultScenario({ chunkDelayMs: 40 });
  Object.assign(process.env, {
    OPENOBSERVE_URL: openobserve.url,
    OPENOBSERVE_AUTH_TOKEN: openobserve.authToken,
    OTEL_SERVICE_NAME: process.env.OTEL_SERVICE_NAME ?? 'express-demo',
    PORTKEY_BASE_URL: gateway.baseURL,
    PORTKEY_PROVIDER: 'openai',
    PORTKEY_CUSTOM_HOST: upstream.baseURL,
    OPENAI_API_KEY: 'sk-local-demo-key',
  });
  return {
    rows: () => openobserve.rows(),
    async stop() {
      await Promise.all([gateway.stop(), upstream.close(), openobserve.close()]);
    },
  };
}
