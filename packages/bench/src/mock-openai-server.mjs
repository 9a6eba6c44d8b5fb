// A mock OpenAI server, run in a process of its own so that its CPU is never counted against a
// variant. Its answers are built once: a chat completion, a stream of 50 content chunks plus the usage
// chunk, and embeddings (float or base64, as the client asks). `x-bench-first-chunk-delay-ms` makes a
// stream wait before its first chunk, as a model does (for the time-to-first-chunk measurement).
// Prints nothing; tells the parent its URL over IPC.
import { createServer } from 'node:http';
import { cannedChatBody, cannedEmbeddingBody, cannedStreamEvents } from './canned-responses.mjs';

const server = createServer((request, response) => {
  const parts = [];
  request.on('data', (part) => parts.push(part));
  request.on('end', () => {
    const url = request.url ?? '';
    if (url.endsWith('/chat/completions')) {
      const body = JSON.parse(Buffer.concat(parts).toString('utf8'));
      if (body.stream) return stream(request, response);
      return json(response, cannedChatBody);
    }
    if (url.endsWith('/embeddings')) {
      const body = JSON.parse(Buffer.concat(parts).toString('utf8'));
      return json(response, cannedEmbeddingBody(body.encoding_format));
    }
    response.writeHead(404).end();
  });
});

function json(response, body) {
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  response.end(body);
}

function stream(request, response) {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const delay = Number(request.headers['x-bench-first-chunk-delay-ms'] ?? 0);
  const send = () => {
    // One write per event, as a model's server sends them.
    for (const event of cannedStreamEvents) response.write(event);
    response.end();
  };
  if (delay > 0) setTimeout(send, delay);
  else send();
}

server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.send?.({ url: `http://127.0.0.1:${server.address().port}/v1` });
});
process.on('disconnect', () => process.exit(0));
