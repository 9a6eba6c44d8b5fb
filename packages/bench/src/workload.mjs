// The calls every variant makes: the same bodies, the same counts.

/** Content chunks in a streamed answer (the usage chunk and `[DONE]` follow). */
export const STREAM_CHUNKS = 50;

const tools = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'The current weather in a city.',
      parameters: {
        type: 'object',
        properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
        required: ['city'],
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'search_docs',
      description: 'Searches the product documentation.',
      parameters: {
        type: 'object',
        properties: { query: { type: 'string' }, limit: { type: 'integer', minimum: 1, maximum: 20 } },
        required: ['query'],
      },
    },
  },
];

const messages = [
  {
    role: 'system',
    content: 'You are a concise assistant for an observability product. Answer in two sentences.',
  },
  { role: 'user', content: 'What is OpenObserve, and how do traces get into it?' },
  { role: 'assistant', content: 'It is an observability platform. Do you want the ingestion details?' },
];

/** Plain chat: 3 messages, 2 tools. A fresh object per call, as an app builds it. */
export function plainChatBody() {
  return { model: 'gpt-4o-mini', messages: [...messages], tools, temperature: 0.2, max_tokens: 256 };
}

/** Streamed chat: the same, streamed, with usage asked for (every variant asks the same). */
export function streamedChatBody() {
  return { ...plainChatBody(), stream: true, stream_options: { include_usage: true } };
}

export function embeddingsBody() {
  return { model: 'text-embedding-3-small', input: 'OpenObserve stores traces, logs and metrics.' };
}

/**
 * Calls per phase. Each measured phase runs `repeats` times in a row (each time ending with a flush)
 * and the cheapest repeat counts: other work on a shared machine only ever adds CPU. `--quick` is
 * for a smoke run (CI), not for figures.
 */
export function callCounts(quick) {
  return quick
    ? {
        repeats: 1,
        warmPlain: 40,
        warmStream: 10,
        warmEmbed: 10,
        plain: 150,
        stream: 30,
        embed: 50,
        ttfc: 10,
      }
    : {
        repeats: 3,
        warmPlain: 400,
        warmStream: 60,
        warmEmbed: 100,
        plain: 1024,
        stream: 150,
        embed: 300,
        ttfc: 60,
      };
}
