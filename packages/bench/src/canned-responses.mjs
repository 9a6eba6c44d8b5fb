// The mock server's answers, built once: a chat completion, a stream of 50 content chunks plus the
// usage chunk, and embeddings (float or base64, as the client asks).
import { STREAM_CHUNKS } from './workload.mjs';

const created = 1_750_000_000;
const model = 'gpt-4o-mini-2024-07-18';
const usage = {
  prompt_tokens: 96,
  completion_tokens: 52,
  total_tokens: 148,
  prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
};

export const cannedChatBody = Buffer.from(
  JSON.stringify({
    id: 'chatcmpl-bench0000000000000000000001',
    object: 'chat.completion',
    created,
    model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content:
            'OpenObserve stores your traces, logs and metrics in one place. Send spans over OTLP and query them with SQL; ' +
            'dashboards and alerts come from the same data. It runs as a single binary or as a cluster.',
          refusal: null,
          annotations: [],
        },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage,
    service_tier: 'default',
    system_fingerprint: 'fp_bench',
  }),
);

function chunk(delta, finishReason, extra = {}) {
  return `data: ${JSON.stringify({
    id: 'chatcmpl-bench0000000000000000000002',
    object: 'chat.completion.chunk',
    created,
    model,
    service_tier: 'default',
    system_fingerprint: 'fp_bench',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...extra,
  })}\n\n`;
}

const words = 'Traces arrive as OTLP spans and become rows you can query with SQL right away. '.split(' ');
export const cannedStreamEvents = [];
for (let index = 0; index < STREAM_CHUNKS; index++) {
  const delta = index === 0 ? { role: 'assistant', content: '', refusal: null } : {};
  if (index > 0) delta.content = `${words[index % words.length]} `;
  cannedStreamEvents.push(Buffer.from(chunk(delta, index === STREAM_CHUNKS - 1 ? 'stop' : null)));
}
cannedStreamEvents.push(
  Buffer.from(
    `data: ${JSON.stringify({
      id: 'chatcmpl-bench0000000000000000000002',
      object: 'chat.completion.chunk',
      created,
      model,
      choices: [],
      usage,
    })}\n\n`,
  ),
);
cannedStreamEvents.push(Buffer.from('data: [DONE]\n\n'));

const vector = Array.from({ length: 256 }, (_, index) => Math.sin(index) / 16);
const embeddingBody = (base64) =>
  Buffer.from(
    JSON.stringify({
      object: 'list',
      data: [
        {
          object: 'embedding',
          index: 0,
          embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector,
        },
      ],
      model: 'text-embedding-3-small',
      usage: { prompt_tokens: 12, total_tokens: 12 },
    }),
  );
const embeddingBodies = { base64: embeddingBody(true), float: embeddingBody(false) };

export function cannedEmbeddingBody(encodingFormat) {
  return encodingFormat === 'float' ? embeddingBodies.float : embeddingBodies.base64;
}

/**
 * A `fetch` that answers like the mock server without a network (in-process mode: only the client's
 * and the instrumentation's CPU remains, for profiling and quick comparisons).
 */
export async function cannedFetch(input, init) {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const body = JSON.parse(typeof init?.body === 'string' ? init.body : new TextDecoder().decode(init?.body));
  if (url.endsWith('/embeddings'))
    return new Response(cannedEmbeddingBody(body.encoding_format), {
      headers: { 'content-type': 'application/json' },
    });
  if (!body.stream) return new Response(cannedChatBody, { headers: { 'content-type': 'application/json' } });
  let index = 0;
  const stream = new ReadableStream({
    pull(controller) {
      if (index < cannedStreamEvents.length) controller.enqueue(new Uint8Array(cannedStreamEvents[index++]));
      else controller.close();
    },
  });
  return new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
}
