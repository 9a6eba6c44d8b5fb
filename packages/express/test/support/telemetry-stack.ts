import type { AddressInfo } from 'node:net';
import { instrumentOpenAI, type OpenObserveHandle, openobserveInit } from '@portobserve/core';
import { createPortkeyClient } from '@portobserve/portkey';
import {
  type FakeOpenAI,
  type OpenObserveDouble,
  type OpenObserveRow,
  type PortkeyGateway,
  startFakeOpenAI,
  startOpenObserve,
  startPortkeyGateway,
} from '@portobserve/testkit';
import type { Express } from 'express';
import OpenAI from 'openai';

/** The real Portkey gateway, the fake upstream behind it, and spans exported to the OpenObserve double. */
export interface TelemetryStack {
  gateway: PortkeyGateway;
  upstream: FakeOpenAI;
  openobserve: OpenObserveDouble;
  handle: OpenObserveHandle;
  portkey: OpenAI;
  /**
   * An instrumented client straight to the fake upstream. The self-hosted gateway (1.15.2) never cancels
   * its upstream call when its own client disconnects, so upstream aborts can only be seen without it.
   */
  direct: OpenAI;
  /** Flushes until `predicate` holds over the exported rows (5 s at most). */
  waitForRows(predicate: (rows: OpenObserveRow[]) => boolean): Promise<OpenObserveRow[]>;
  reset(): void;
  stop(): Promise<void>;
}

export async function startTelemetryStack(serviceName: string): Promise<TelemetryStack> {
  const [gateway, upstream, openobserve] = await Promise.all([
    startPortkeyGateway(),
    startFakeOpenAI(),
    startOpenObserve(),
  ]);
  const handle = openobserveInit({ url: openobserve.url, authToken: openobserve.authToken, serviceName });
  const portkey = createPortkeyClient({
    baseURL: gateway.baseURL,
    provider: 'openai',
    providerApiKey: 'sk-provider-secret',
    customHost: upstream.baseURL,
    maxRetries: 0,
  });
  const direct = new OpenAI({ apiKey: 'sk-provider-secret', baseURL: upstream.baseURL, maxRetries: 0 });
  instrumentOpenAI(direct);
  return {
    direct,
    gateway,
    upstream,
    openobserve,
    handle,
    portkey,
    async waitForRows(predicate) {
      const deadline = Date.now() + 5000;
      for (;;) {
        await handle.forceFlush();
        const rows = openobserve.rows();
        if (predicate(rows)) return rows;
        if (Date.now() > deadline) {
          throw new Error(`rows never matched; got:\n${JSON.stringify(rows, null, 2)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    reset() {
      upstream.reset();
      openobserve.reset();
    },
    async stop() {
      await handle.shutdown();
      await Promise.all([gateway.stop(), upstream.close(), openobserve.close()]);
    },
  };
}

/** Listens on a free port of 127.0.0.1; resolves the base URL and a close function. */
export async function listen(app: Express): Promise<{ url: string; close: () => Promise<void> }> {
  const server = await new Promise<ReturnType<Express['listen']>>((resolve, reject) => {
    const started = app.listen(0, '127.0.0.1', () => resolve(started));
    started.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The rows of SERVER spans (OTLP kind 2) and of LLM spans. */
export function serverRows(rows: OpenObserveRow[]): OpenObserveRow[] {
  return rows.filter((row) => row.span_kind === '2');
}

export function llmRows(rows: OpenObserveRow[]): OpenObserveRow[] {
  return rows.filter(
    (row) => row.openinference_span_kind === 'LLM' || row.openinference_span_kind === 'EMBEDDING',
  );
}
