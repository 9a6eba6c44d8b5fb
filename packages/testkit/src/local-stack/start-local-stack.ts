import { type FakeOpenAI, startFakeOpenAI } from '../fake-openai/start-fake-openai.js';
import { type OpenObserveDouble, startOpenObserve } from '../openobserve-double/start-openobserve.js';
import { type PortkeyGateway, startPortkeyGateway } from '../portkey-gateway/start-portkey-gateway.js';

/** The three local stand-ins the demos run on when they have no `.env`. */
export interface LocalStack {
  openobserve: OpenObserveDouble;
  upstream: FakeOpenAI;
  gateway: PortkeyGateway;
  /** The environment that points an app at them (OpenObserve, Portkey routing, a dummy provider key). */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Starts the real Portkey gateway, a fake OpenAI upstream and the OpenObserve double, and says so on
 * the console (unless `announce: false`, for an app that says it in its own words). The demos copy
 * `env` into `process.env` before setting up telemetry.
 *
 * @example
 * ```ts
 * const stack = await startLocalStack({ serviceName: 'script-demo' });
 * Object.assign(process.env, stack.env);
 * // ... run the app ...
 * await stack.stop();
 * ```
 */
export async function startLocalStack(options: {
  serviceName: string;
  announce?: boolean;
}): Promise<LocalStack> {
  if (options.announce !== false) {
    console.log(
      'no .env: starting a local Portkey gateway, a fake OpenAI upstream and an OpenObserve stand-in',
    );
  }
  const [openobserve, upstream, gateway] = await Promise.all([
    startOpenObserve(),
    startFakeOpenAI(),
    startPortkeyGateway(),
  ]);
  return {
    openobserve,
    upstream,
    gateway,
    env: {
      OPENOBSERVE_URL: openobserve.url,
      OPENOBSERVE_AUTH_TOKEN: openobserve.authToken,
      OTEL_SERVICE_NAME: options.serviceName,
      PORTKEY_BASE_URL: gateway.baseURL,
      PORTKEY_PROVIDER: 'openai',
      PORTKEY_CUSTOM_HOST: upstream.baseURL,
      OPENAI_API_KEY: 'sk-local-demo-key',
    },
    async stop() {
      await Promise.all([gateway.stop(), upstream.close(), openobserve.close()]);
    },
  };
}
