import {
  type FakeOpenAI,
  type OpenObserveDouble,
  type PortkeyGateway,
  startFakeOpenAI,
  startOpenObserve,
  startPortkeyGateway,
} from '@portobserve/testkit';
import { type NextServer, startNext } from './start-next.js';

/** The demo under `next start`, calling the real Portkey gateway, exporting to the OpenObserve double. */
export interface DemoStack {
  next: NextServer;
  gateway: PortkeyGateway;
  upstream: FakeOpenAI;
  openobserve: OpenObserveDouble;
  stop(): Promise<void>;
}

export async function startDemoStack(): Promise<DemoStack> {
  const [gateway, upstream, openobserve] = await Promise.all([
    startPortkeyGateway(),
    startFakeOpenAI(),
    startOpenObserve(),
  ]);
  const stopServices = () => Promise.all([gateway.stop(), upstream.close(), openobserve.close()]);
  let next: NextServer;
  try {
    next = await startNext({
      OPENOBSERVE_URL: openobserve.url,
      OPENOBSERVE_AUTH_TOKEN: openobserve.authToken,
      OTEL_SERVICE_NAME: 'next-demo-test',
      OTEL_BSP_SCHEDULE_DELAY: '200',
      PORTKEY_BASE_URL: gateway.baseURL,
      PORTKEY_PROVIDER: 'openai',
      PORTKEY_CUSTOM_HOST: upstream.baseURL,
      OPENAI_API_KEY: 'sk-next-demo-test-key',
    });
  } catch (error) {
    await stopServices();
    throw error;
  }
  return {
    next,
    gateway,
    upstream,
    openobserve,
    async stop() {
      await next.stop();
      await stopServices();
    },
  };
}
