import { expect, it } from 'vitest';
import { type ClientStack, llmRows } from './client-stack.js';
import { overviewPanel } from './dashboard-panel.js';
import { expectLLMRow } from './expect-llm-row.js';

/** How one AI SDK major's scenarios (fixtures/ai-sdk-scenarios.mjs) are run: here or in a child process. */
export interface AISdkRunner {
  run(name: string): Promise<Record<string, unknown>>;
  /** Sends pending spans to the double (a child flushes before it answers). */
  flush(): Promise<void>;
}

const SERVED = 'gpt-4o-mini-2024-07-18';

/**
 * The tests every AI SDK major passes, through the real gateway into the OpenObserve double:
 * `@ai-sdk/openai` Chat Completions and Responses, plain and streamed, `embed`, an upstream 429, a
 * mid-stream failure, an abort, `@ai-sdk/openai-compatible`, and the SDK's own telemetry.
 */
export function aiSdkTests(stack: ClientStack, runner: () => AISdkRunner): void {
  const rows = (count: number) => llmRows(stack.openobserve, count, () => runner().flush());
  const only = async (count = 1) => {
    const stored = await rows(count);
    expect(stored).toHaveLength(count);
    return stored;
  };

  it('generateText on provider.chat(): one Chat Completions span with tokens and cost', async () => {
    stack.upstream.enqueue({ content: 'Hello from chat.', usage: { promptTokens: 11, completionTokens: 4 } });
    expect(await runner().run('chatGenerate')).toEqual({ text: 'Hello from chat.', inputTokens: 11 });
    const [row] = await only();
    expectLLMRow(row, {
      spanName: 'ChatCompletion',
      requestedModel: 'gpt-4o-mini',
      servedModel: SERVED,
      inputTokens: 11,
      outputTokens: 4,
      status: 'OK',
    });
    expect(JSON.parse(String(row?.gen_ai_output_messages))).toEqual([
      { role: 'assistant', content: 'Hello from chat.', finish_reason: 'stop' },
    ]);
  });

  it('streamText on provider.chat(): one span over the whole stream, tokens from the usage chunk', async () => {
    stack.upstream.enqueue({ content: 'one two three', usage: { promptTokens: 7, completionTokens: 3 } });
    expect(await runner().run('chatStream')).toEqual({ text: 'one two three' });
    const [row] = await only();
    expectLLMRow(row, {
      spanName: 'ChatCompletion',
      requestedModel: 'gpt-4o-mini',
      servedModel: SERVED,
      inputTokens: 7,
      outputTokens: 3,
      status: 'OK',
      streamEnd: 'complete',
    });
  });

  it('generateText on provider() (the Responses API): one Response span', async () => {
    stack.upstream.enqueue({
      content: 'Hello from responses.',
      usage: { promptTokens: 9, completionTokens: 3 },
    });
    expect(await runner().run('responsesGenerate')).toEqual({ text: 'Hello from responses.' });
    const [row] = await only();
    expectLLMRow(row, {
      spanName: 'Response',
      requestedModel: 'gpt-4o-mini',
      servedModel: SERVED,
      inputTokens: 9,
      outputTokens: 3,
      status: 'OK',
    });
  });

  it('streamText on provider() (the Responses API): one streamed Response span', async () => {
    stack.upstream.enqueue({ content: 'streamed reply', usage: { promptTokens: 5, completionTokens: 2 } });
    expect(await runner().run('responsesStream')).toEqual({ text: 'streamed reply' });
    const [row] = await only();
    expectLLMRow(row, {
      spanName: 'Response',
      requestedModel: 'gpt-4o-mini',
      servedModel: SERVED,
      inputTokens: 5,
      outputTokens: 2,
      status: 'OK',
      streamEnd: 'complete',
    });
  });

  it('embed: one Embeddings span', async () => {
    stack.upstream.enqueue({ usage: { promptTokens: 3 } });
    expect((await runner().run('embedOne')).dimensions).toBeGreaterThan(0);
    const [row] = await only();
    expectLLMRow(row, {
      spanName: 'Embeddings',
      requestedModel: 'text-embedding-3-small',
      inputTokens: 3,
      status: 'OK',
    });
  });

  it('an upstream 429: one ERROR span with error.type 429, and the caller gets the error', async () => {
    stack.upstream.enqueue({ status: 429, errorMessage: 'Rate limit reached for gpt-4o-mini' });
    expect(String((await runner().run('rateLimited')).error)).toMatch(/Rate limit/);
    const [row] = await only();
    expectLLMRow(row, {
      spanName: 'ChatCompletion',
      requestedModel: 'gpt-4o-mini',
      status: 'ERROR',
      errorType: '429',
    });
    expect(String(row?.events)).toContain('Rate limit reached');
    expect(
      row?.gen_ai_input_messages,
      'no content for OpenObserve to estimate a failed call from',
    ).toBeUndefined();
  });

  it('a mid-stream failure (the gateway ends the stream when its upstream dies): an ERROR span', async () => {
    stack.upstream.enqueue({ content: 'a b c d e f g h', failAfterChunks: 2, chunkDelayMs: 5 });
    expect(String((await runner().run('midStreamFailure')).text).length).toBeLessThan(
      'a b c d e f g h'.length,
    );
    const [row] = await only();
    expectLLMRow(row, {
      spanName: 'ChatCompletion',
      requestedModel: 'gpt-4o-mini',
      servedModel: SERVED,
      status: 'ERROR',
      streamEnd: 'error',
      errorType: 'IncompleteStreamError',
    });
  });

  it('an abort mid-stream ends the span as aborted', async () => {
    stack.upstream.enqueue({
      content: Array.from({ length: 200 }, (_, index) => `w${index}`).join(' '),
      chunkDelayMs: 10,
    });
    expect(Number((await runner().run('abortMidStream')).deltas)).toBeLessThan(10);
    const [row] = await only();
    expectLLMRow(row, {
      spanName: 'ChatCompletion',
      requestedModel: 'gpt-4o-mini',
      servedModel: SERVED,
      status: 'UNSET',
      streamEnd: 'aborted',
    });
  });

  it('@ai-sdk/openai-compatible: generateText, streamText and embed, one span each', async () => {
    stack.upstream.enqueue(
      { content: 'plain', usage: { promptTokens: 4, completionTokens: 1 } },
      { content: 'streamed', usage: { promptTokens: 6, completionTokens: 1 } },
      { usage: { promptTokens: 2 } },
    );
    expect(await runner().run('compatibleAll')).toEqual({ plain: 'plain', streamed: 'streamed' });
    const [plain, streamed, embedded] = await only(3);
    expectLLMRow(plain, {
      spanName: 'ChatCompletion',
      requestedModel: 'gpt-4o-mini',
      servedModel: SERVED,
      inputTokens: 4,
      outputTokens: 1,
      status: 'OK',
    });
    expectLLMRow(streamed, {
      spanName: 'ChatCompletion',
      requestedModel: 'gpt-4o-mini',
      servedModel: SERVED,
      inputTokens: 6,
      outputTokens: 1,
      status: 'OK',
      streamEnd: 'complete',
    });
    expectLLMRow(embedded, {
      spanName: 'Embeddings',
      requestedModel: 'text-embedding-3-small',
      inputTokens: 2,
      status: 'OK',
    });
  });

  it('with the AI SDK’s own telemetry on: no second LLM span, our Portkey facts on its model-call spans, each call counted once by the dashboards', async () => {
    stack.upstream.enqueue({ content: 'telemetry', usage: { promptTokens: 8, completionTokens: 1 } });
    stack.upstream.enqueue({ usage: { promptTokens: 3 } });
    const { text, embedded } = await runner().run('withTelemetry');
    expect(text).toBe('telemetry');
    const calls = embedded ? 2 : 1;
    await runner().flush();
    const stored = await stack.openobserve.waitForRows(
      (all) => all.filter((row) => row.portkey_provider === 'openai').length >= calls,
    );
    await new Promise((resolve) => setTimeout(resolve, 150));
    await runner().flush();
    expect(
      stack.openobserve
        .rows()
        .filter((row) => row.operation_name === 'ChatCompletion' || row.operation_name === 'Embeddings'),
      'no span of ours',
    ).toEqual([]);
    const modelCalls = stored.filter((row) => row.portkey_provider === 'openai');
    expect(modelCalls.map((row) => row.gen_ai_usage_total_tokens).sort()).toEqual(embedded ? [3, 9] : [9]);
    expect(modelCalls[0]?.portkey_trace_id).toEqual(expect.any(String));
    // OpenObserve marks AI SDK 5 and 6's wrapper spans (`ai.generateText`, `ai.embed`) `chat` too, and
    // fills in their token counts: the panels count the model calls only.
    const all = stack.openobserve.rows();
    expect(await overviewPanel('Calls', all)).toEqual({ y_axis_1: calls });
    expect(await overviewPanel('Tokens', all)).toEqual({ y_axis_1: embedded ? 9 + 3 : 9 });
  });
}
