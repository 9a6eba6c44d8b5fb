import { describe, expect, it } from 'vitest';
import { llmRows, useClientStack } from './support/client-stack.js';
import { expectLLMRow } from './support/expect-llm-row.js';
import { useNode22ScenarioChild } from './support/scenario-child.js';

// LangChain 1.x needs Node 22+: the calls run in a child process on a Node 22 binary from npm.
const stack = useClientStack();
const child = useNode22ScenarioChild(stack, 'langchain.mjs');

const SERVED = 'gpt-4o-mini-2024-07-18';
const run = (name: string) => child.run(name);
async function only(count: number) {
  const rows = await llmRows(stack.openobserve, count, async () => {});
  expect(rows).toHaveLength(count);
  return rows;
}

describe.runIf(child.available)(
  'LangChain JS 1.x (@langchain/openai 1.6, its own openai 7) on Node 22+',
  () => {
    it('ChatOpenAI.invoke: one Chat Completions span with tokens', async () => {
      stack.upstream.enqueue({
        content: 'Hello from LangChain.',
        usage: { promptTokens: 12, completionTokens: 5 },
      });
      expect(await run('invoke')).toEqual({ text: 'Hello from LangChain.', inputTokens: 12 });
      const [row] = await only(1);
      expectLLMRow(row, {
        spanName: 'ChatCompletion',
        requestedModel: 'gpt-4o-mini',
        servedModel: SERVED,
        inputTokens: 12,
        outputTokens: 5,
        status: 'OK',
      });
    });

    it('ChatOpenAI.stream: one span over the whole stream, with its token counts', async () => {
      stack.upstream.enqueue({ content: 'one two three', usage: { promptTokens: 6, completionTokens: 3 } });
      expect(await run('stream')).toEqual({ text: 'one two three' });
      const [row] = await only(1);
      expectLLMRow(row, {
        spanName: 'ChatCompletion',
        requestedModel: 'gpt-4o-mini',
        servedModel: SERVED,
        inputTokens: 6,
        outputTokens: 3,
        status: 'OK',
        streamEnd: 'complete',
      });
    });

    it('ChatOpenAI.batch: one span per request', async () => {
      stack.upstream.enqueue(
        { content: 'A', usage: { promptTokens: 2, completionTokens: 1 } },
        { content: 'B', usage: { promptTokens: 2, completionTokens: 1 } },
      );
      const { texts } = await run('batch');
      expect([...(texts as string[])].sort()).toEqual(['A', 'B']);
      for (const row of await only(2)) {
        expectLLMRow(row, {
          spanName: 'ChatCompletion',
          requestedModel: 'gpt-4o-mini',
          servedModel: SERVED,
          inputTokens: 2,
          outputTokens: 1,
          status: 'OK',
        });
      }
    });

    it('OpenAIEmbeddings.embedDocuments and embedQuery: one Embeddings span per request', async () => {
      stack.upstream.enqueue({ usage: { promptTokens: 2 } }, { usage: { promptTokens: 1 } });
      expect(await run('embedDocuments')).toEqual({ count: 2 });
      expect((await run('embedQuery')).dimensions).toBeGreaterThan(0);
      const [documents, query] = await only(2);
      expectLLMRow(documents, {
        spanName: 'Embeddings',
        requestedModel: 'text-embedding-3-small',
        inputTokens: 2,
        status: 'OK',
      });
      expectLLMRow(query, {
        spanName: 'Embeddings',
        requestedModel: 'text-embedding-3-small',
        inputTokens: 1,
        status: 'OK',
      });
    });

    it('an upstream 429: one ERROR span, and the caller gets the error', async () => {
      stack.upstream.enqueue({ status: 429, errorMessage: 'Rate limit reached for gpt-4o-mini' });
      expect(String((await run('rateLimited')).error)).toMatch(/Rate limit|429/);
      const [row] = await only(1);
      expectLLMRow(row, {
        spanName: 'ChatCompletion',
        requestedModel: 'gpt-4o-mini',
        status: 'ERROR',
        errorType: '429',
      });
    });

    it('a mid-stream failure (the gateway ends the stream when its upstream dies): an ERROR span', async () => {
      stack.upstream.enqueue({ content: 'a b c d e f g h', failAfterChunks: 2, chunkDelayMs: 5 });
      expect(String((await run('midStreamFailure')).text).length).toBeLessThan('a b c d e f g h'.length);
      const [row] = await only(1);
      expectLLMRow(row, {
        spanName: 'ChatCompletion',
        requestedModel: 'gpt-4o-mini',
        servedModel: SERVED,
        status: 'ERROR',
        streamEnd: 'error',
        errorType: 'IncompleteStreamError',
      });
    });

    const longAnswer = () =>
      stack.upstream.enqueue({
        content: Array.from({ length: 200 }, (_, index) => `w${index}`).join(' '),
        chunkDelayMs: 10,
      });

    it('an abort while the loop waits for a chunk (a stop button) ends the span as aborted', async () => {
      longAnswer();
      expect(Number((await run('abortWhileWaiting')).chunks)).toBeLessThan(10);
      const [row] = await only(1);
      expect(row?.portobserve_stream_end).toBe('aborted');
      expect(row?.span_status).toBe('UNSET');
      expect(row?.error_type).toBeUndefined();
    });

    it('a break ends the span as cancelled, though openai 7 aborts its own request on a break', async () => {
      longAnswer();
      expect(await run('breakEarly')).toEqual({ chunks: 3 });
      const [row] = await only(1);
      expect(row?.portobserve_stream_end).toBe('cancelled');
      expect(row?.span_status).not.toBe('ERROR');
    });

    it('an abort from inside the loop, between chunks, looks like a break at the transport: cancelled', async () => {
      longAnswer();
      expect(Number((await run('abortMidStream')).chunks)).toBeLessThan(10);
      const [row] = await only(1);
      expect(row?.portobserve_stream_end).toBe('cancelled');
    });
  },
);

if (!child.available) {
  describe.skip(`LangChain JS 1.x (${child.missing})`, () => {
    it('needs Node 22+', () => {});
  });
}
