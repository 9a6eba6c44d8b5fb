/**
 * The Express demo: `POST /chat`, `POST /chat/stream`, `POST /embed` and `GET /health`, through the
 * Portkey gateway, every request a server span with its LLM calls inside, exported to OpenObserve.
 * Start it with telemetry loaded first: `node --import ./dist/telemetry.js dist/server.js`.
 */
import type { AddressInfo } from 'node:net';
import { flushTraces } from '@portobserve/core';
import { createApp } from './app.js';
import { runningLocalStack } from './local-defaults.js';
import { portkeyClient } from './portkey-client.js';

const localStack = runningLocalStack();
const app = createApp(
  portkeyClient(process.env),
  {
    chat: process.env.DEMO_MODEL || 'gpt-4o-mini',
    embedding: process.env.DEMO_EMBEDDING_MODEL || 'text-embedding-3-small',
  },
  localStack,
);

const server = app.listen(Number(process.env.PORT ?? 3000), process.env.HOST || '127.0.0.1', () => {
  const { address, port } = server.address() as AddressInfo;
  console.log(`express-demo listening on http://${address}:${port}`);
});

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await flushTraces();
  await localStack?.stop();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
