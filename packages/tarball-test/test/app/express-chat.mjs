// Runs inside a fresh app that installed the packed packages: an Express service with a Portkey client,
// one request to it, then exit. Prints one JSON line. The environment points it at the local stack.
import { once } from 'node:events';
import { openobserveInit } from '@portobserve/core';
import { openobserveErrorHandler, openobserveMiddleware } from '@portobserve/express';
import { registerOpenObserve, withOpenObserve } from '@portobserve/next';
import { createPortkeyClient } from '@portobserve/portkey';
import express from 'express';

const openobserve = openobserveInit();
const portkey = createPortkeyClient({ customHost: process.env.PORTKEY_CUSTOM_HOST });
const app = express();
app.use(openobserveMiddleware());
app.post('/chat', express.json(), async (req, res) => {
  const answer = await portkey.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: req.body.prompt }],
  });
  res.json({ answer: answer.choices[0]?.message.content });
});
app.use(openobserveErrorHandler());

const server = app.listen(0, '127.0.0.1');
await once(server, 'listening');
const response = await fetch(`http://127.0.0.1:${server.address().port}/chat`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ prompt: 'Hi' }),
});
const body = await response.json();
server.close();
await openobserve.shutdown();
console.log(
  JSON.stringify({
    status: response.status,
    body,
    next: [typeof registerOpenObserve, typeof withOpenObserve],
    exportedSpans: openobserve.stats().exportedSpans,
  }),
);
