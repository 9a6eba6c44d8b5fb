// An Express app with a trivial route: bare, with a middleware that only runs the request in a context
// of its own (`context`), with @portobserve/express's middleware (`middleware`), or with it and
// recordAllRequests (`middleware-all`); openobserveInit sends the spans to the sink. Tells the parent its URL; on 'stop' it shuts the
// export down (every span sent) and answers with its export stats.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [withMiddleware, sinkUrl] = process.argv.slice(2);
const express = require('express');
const app = express();
let handle;
if (withMiddleware === 'context') {
  // The least a tracing middleware does: the rest of the request in a context of its own (the
  // AsyncLocalStorage context manager openobserveInit registers), no span.
  const { openobserveInit } = await import('@portobserve/core');
  const { context, createContextKey } = await import('@opentelemetry/api');
  handle = openobserveInit({ url: sinkUrl, authToken: 'bench:bench', serviceName: 'bench-express' });
  const key = createContextKey('bench request');
  app.use((_request, _response, next) => context.with(context.active().setValue(key, true), next));
} else if (withMiddleware !== 'bare') {
  const { openobserveInit } = await import('@portobserve/core');
  const { openobserveMiddleware } = await import('@portobserve/express');
  handle = openobserveInit({ url: sinkUrl, authToken: 'bench:bench', serviceName: 'bench-express' });
  app.use(openobserveMiddleware({ recordAllRequests: withMiddleware === 'middleware-all' }));
}
app.get('/ping', (_request, response) => {
  response.send('ok');
});
const server = app.listen(0, '127.0.0.1', () => {
  process.send?.({ url: `http://127.0.0.1:${server.address().port}/ping` });
});
process.on('message', async () => {
  server.close();
  await handle?.shutdown();
  process.send?.({ stats: handle?.stats() });
  process.exit(0);
});
