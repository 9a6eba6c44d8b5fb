// The fake's synthesized answers against real OpenAI responses (see __fixtures__/README.md), shape
// by shape: same keys and value types at every level. A difference is a drift to fix in the fake, or
// one of the few listed below where the fake follows OpenAI's current API over an older recording.
import { readFileSync } from 'node:fs';
import { Stream } from 'openai/streaming';
import { describe, expect, it } from 'vitest';
import { jsonShape, shapeDifferences } from './json-shape.js';
import { useTestUpstream } from './test-client.js';

type Json = Record<string, unknown>;

function fixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

async function sseItems(response: Response): Promise<Json[]> {
  const items: Json[] = [];
  for await (const item of Stream.fromSSEResponse<Json>(response, new AbortController())) {
    items.push(item);
  }
  return items;
}

/** What a chat completion chunk carries: the role opener, a tool call's header or arguments, the finish, the usage. */
function chunkKind(chunk: Json): string {
  const choice = (chunk.choices as Json[])[0];
  if (choice === undefined) {
    return 'usage';
  }
  const delta = choice.delta as Json;
  const call = (delta.tool_calls as Json[] | undefined)?.[0];
  if (choice.finish_reason !== null) return 'finish';
  if (delta.role !== undefined) return 'role';
  if (call !== undefined) return call.id === undefined ? 'tool call arguments' : 'tool call header';
  return 'content';
}

function shapesByKind(chunks: readonly Json[]): Map<string, Json> {
  const byKind = new Map<string, Json>();
  for (const chunk of chunks) {
    if (!byKind.has(chunkKind(chunk))) byKind.set(chunkKind(chunk), chunk);
  }
  return byKind;
}

describe('fake OpenAI answers have the shape of recorded real ones', () => {
  const upstream = useTestUpstream();

  async function post(path: string, body: Json): Promise<Response> {
    const response = await fetch(`${upstream.fake.baseURL}${path}`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    return response;
  }

  it('a chat completion (chat-completion.json)', async () => {
    const recorded = JSON.parse(fixture('chat-completion.json')) as Json;
    const fake = (await (
      await post('/chat/completions', {
        model: 'gpt-4o-2024-08-06',
        messages: [{ role: 'user', content: 'Hello!' }],
      })
    ).json()) as Json;
    expect(shapeDifferences(jsonShape(recorded), jsonShape(fake))).toEqual([
      // Sent with every completion (see the recorded stream); the API reference example leaves it out.
      'system_fingerprint: absent in the recording, string in the fake',
    ]);
  });

  it('a streamed chat completion with parallel tool calls (chat-completion-parallel-tool-calls.stream.sse)', async () => {
    const recorded = await sseItems(new Response(fixture('chat-completion-parallel-tool-calls.stream.sse')));
    upstream.fake.enqueue({
      toolCalls: [
        { name: 'GetWeatherArgs', arguments: '{"city": "Edinburgh", "country": "GB", "units": "c"}' },
        { name: 'get_stock_price', arguments: '{"ticker": "AAPL", "exchange": "NASDAQ"}' },
      ],
    });
    const fake = await sseItems(
      await post('/chat/completions', {
        model: 'gpt-4o-2024-08-06',
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: "What's the weather like in Edinburgh?" }],
        tools: [{ type: 'function', function: { name: 'GetWeatherArgs', parameters: { type: 'object' } } }],
      }),
    );
    const recordedKinds = shapesByKind(recorded);
    const fakeKinds = shapesByKind(fake);
    expect([...fakeKinds.keys()]).toEqual([...recordedKinds.keys()]);
    expect(recorded.map(chunkKind).filter((kind) => kind === 'tool call header')).toHaveLength(2);
    expect(fake.map(chunkKind).filter((kind) => kind === 'tool call header')).toHaveLength(2);
    const differences = [...recordedKinds].flatMap(([kind, chunk]) =>
      shapeDifferences(jsonShape(chunk), jsonShape(fakeKinds.get(kind))).map((line) => `${kind}: ${line}`),
    );
    // The recording is from 2024-09. The fake follows OpenAI's current CreateChatCompletionStreamResponse
    // (openai-openapi openapi.yaml): `service_tier` on every chunk, `usage: null` on every chunk but the
    // last with include_usage, and the usage details of the chat completion example (chat-completion.json).
    expect(differences.sort()).toEqual(
      [
        'role: service_tier: absent in the recording, string in the fake',
        'role: usage: absent in the recording, null in the fake',
        'tool call header: service_tier: absent in the recording, string in the fake',
        'tool call header: usage: absent in the recording, null in the fake',
        'tool call arguments: service_tier: absent in the recording, string in the fake',
        'tool call arguments: usage: absent in the recording, null in the fake',
        'finish: service_tier: absent in the recording, string in the fake',
        'finish: usage: absent in the recording, null in the fake',
        'usage: service_tier: absent in the recording, string in the fake',
        'usage: usage.prompt_tokens_details: absent in the recording, object in the fake',
        'usage: usage.completion_tokens_details.audio_tokens: absent in the recording, number in the fake',
        'usage: usage.completion_tokens_details.accepted_prediction_tokens: absent in the recording, number in the fake',
        'usage: usage.completion_tokens_details.rejected_prediction_tokens: absent in the recording, number in the fake',
      ].sort(),
    );
  });

  it('a Responses API response (response.json)', async () => {
    const recorded = JSON.parse(fixture('response.json')) as Json;
    const fake = (await (
      await post('/responses', { model: 'gpt-4o-mini', input: "What's the weather like in SF?" })
    ).json()) as Json;
    expect(shapeDifferences(jsonShape(recorded), jsonShape(fake))).toEqual([]);
  });
});
