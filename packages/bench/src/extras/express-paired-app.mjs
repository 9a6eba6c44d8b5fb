// The Express apps of `src/express-paired.mjs` (all in one process) and `src/express-processes.mjs`
// (one per process), each on its own port: `bare`
// (no middleware), `noop` (a middleware that only calls next()), `context` (one that only runs
// next() in a context of its own), `middleware` (@portobserve/express's
// default) and `middleware-all` (recordAllRequests). openobserveInit sends spans to the sink. Answers
// 'cpu' with the process's CPU µs so far, and 'stop' with its export stats after a shutdown.
import { createRequire } from 'node:module';
import { context, createContextKey } from '@opentelemetry/api';
import { openobserveInit } from '@portobserve/core';
import { openobserveMiddleware } from '@portobserve/express';

const require = createRequire(import.meta.url);
const express = require('express');
const [sinkUrl, ...kinds] = process.argv.slice(2);
const handle = openobserveInit({ url: sinkUrl, authToken: 'bench:bench', serviceName: 'bench-express' });

const REQUEST_KEY = createContextKey('bench request');
const MIDDLEWARE = {
  bare: undefined,
  noop: (_request, _response, next) => next(),
  // The least a tracing middleware does: run the rest of the request in a context of its own.
  context: (_request, _response, next) => context.with(context.active().setValue(REQUEST_KEY, true), next),
  middleware: openobserveMiddleware(),
  'middleware-all': openobserveMiddleware({ recordAllRequests: true }),
};

function listen(kind) {
  const app = express();
  const middleware = MIDDLEWARE[kind];
  if (middleware) app.use(middleware);
  app.get('/ping', (_request, response) => {
    response.send('ok');
  });
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () =>
      resolve([kind, { server, url: `http://127.0.0.1:${server.address().port}/ping` }]),
    );
  });
}

const apps = Object.fromEntries(await Promise.all(kinds.map(listen)));
process.send?.({
  url: JSON.stringify(Object.fromEntries(Object.entries(apps).map(([kind, app]) => [kind, app.url]))),
});
process.on('message', async (message) => {
  if (message === 'cpu') {
    const usage = process.cpuUsage();
    process.send?.({ cpu: usage.user + usage.system });
    return;
  }
  for (const app of Object.values(apps)) app.server.close();
  await handle.shutdown();
  process.send?.({ stats: handle.stats() });
  process.exit(0);
});
