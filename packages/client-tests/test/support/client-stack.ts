import {
  expectNoSecrets,
  type FakeOpenAI,
  ingestedText,
  type OpenObserveDouble,
  type OpenObserveRow,
  type PortkeyGateway,
  startFakeOpenAI,
  startOpenObserve,
  startPortkeyGateway,
} from '@portobserve/testkit';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** The provider key the gateway forwards upstream; a secret that must never reach a row. */
export const PROVIDER_KEY = 'sk-client-tests-provider-key-0123456789';
/** A Portkey API key the tests send; a secret too. */
export const PORTKEY_KEY = 'pk-client-tests-portkey-key-0123456789';

/** The real Portkey gateway in front of a fake OpenAI upstream, and the OpenObserve double. */
export interface ClientStack {
  openobserve: OpenObserveDouble;
  upstream: FakeOpenAI;
  gateway: PortkeyGateway;
  /** Headers that route a request through the gateway to the fake upstream (without `Authorization`). */
  routing: Record<string, string>;
  /** What `openobserveInit` needs to export to the double, as environment variables. */
  env: Record<string, string>;
}

/**
 * Starts the three servers for the file's tests and resets the upstream and the double after each test.
 * The returned object forwards to them once they run.
 */
export function useClientStack(): ClientStack {
  let started: ClientStack | undefined;
  beforeAll(async () => {
    const [openobserve, upstream, gateway] = await Promise.all([
      startOpenObserve({ recordBodies: true }),
      startFakeOpenAI(),
      startPortkeyGateway(),
    ]);
    started = {
      openobserve,
      upstream,
      gateway,
      routing: {
        'x-portkey-provider': 'openai',
        'x-portkey-custom-host': upstream.baseURL.replace(/\/+$/, ''),
      },
      env: {
        OPENOBSERVE_URL: openobserve.url,
        OPENOBSERVE_AUTH_TOKEN: openobserve.authToken,
        OTEL_SERVICE_NAME: 'client-tests',
        OTEL_BSP_SCHEDULE_DELAY: '50',
      },
    };
  }, 60_000);
  afterEach(() => {
    // Every byte exported to OpenObserve is scanned for the keys the test's clients sent.
    if (started)
      expectNoSecrets({ exported: ingestedText(started.openobserve) }, [PROVIDER_KEY, PORTKEY_KEY]);
    started?.upstream.reset();
    started?.openobserve.reset();
  });
  afterAll(async () => {
    await Promise.all([started?.gateway.stop(), started?.upstream.close(), started?.openobserve.close()]);
  });
  const current = (): ClientStack => {
    if (!started) throw new Error('the client stack starts in beforeAll: use it inside a test');
    return started;
  };
  return {
    get openobserve() {
      return current().openobserve;
    },
    get upstream() {
      return current().upstream;
    },
    get gateway() {
      return current().gateway;
    },
    get routing() {
      return current().routing;
    },
    get env() {
      return current().env;
    },
  };
}

/** A stored row of an LLM span (OpenObserve's ingest step gave it an operation). */
export function isLLMRow(row: OpenObserveRow): boolean {
  return row.gen_ai_operation_name !== undefined && row.operation_name !== undefined;
}

/**
 * Waits until the double holds `count` LLM rows, then a little longer to be sure no further row
 * arrives, and returns them in start order.
 */
export async function llmRows(
  openobserve: OpenObserveDouble,
  count: number,
  flush: () => Promise<void>,
): Promise<OpenObserveRow[]> {
  await flush();
  await openobserve.waitForRows((rows) => rows.filter(isLLMRow).length >= count, { timeoutMs: 10_000 });
  await new Promise((resolve) => setTimeout(resolve, 150));
  await flush();
  return openobserve
    .rows()
    .filter(isLLMRow)
    .sort((a, b) => Number(a.start_time) - Number(b.start_time));
}
