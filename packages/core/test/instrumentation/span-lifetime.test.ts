import { SpanStatusCode } from '@opentelemetry/api';
import type { FakeOpenAIScenario } from '@portobserve/testkit';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { instrumentOpenAI } from '../../src/index.js';
import { collectGarbageUntil } from './support/garbage-collection.js';
import {
  expectStoppedByCaller,
  manyWords,
  onlyErrorSpan,
  onlyOkSpan,
  onlySpan,
  outputText,
  streamedText,
  user,
  waitFor,
  waitForUpstreamAbort,
} from './support/harness.js';
import { instrumentFor, useTracedUpstream } from './support/traced-upstream.js';

// Every test here ends with `expectSettled`: no span left open, none ended twice.
const { tracing, fake } = useTracedUpstream();

function newClient(options: { maxRetries?: number } = { maxRetries: 0 }): OpenAI {
  return new OpenAI({ apiKey: 'sk-test-lifetime', baseURL: fake.baseURL, ...options });
}

const slowStream = { content: manyWords(200), chunkDelayMs: 10 };

/** Starts a streamed chat of `prompt` that the fake answers as `scenario` says. */
function streamChat(scenario: FakeOpenAIScenario, prompt: string, options?: { signal: AbortSignal }) {
  fake.enqueue(scenario);
  return newClient().chat.completions.create(
    { model: 'gpt-4o-mini', messages: [user(prompt)], stream: true },
    options,
  );
}

describe('with the default settings', () => {
  instrumentFor();

  describe('a rejected request ends its span as an error', () => {
    it.each([400, 429, 500])('HTTP %i, plain', async (status) => {
      fake.enqueue({ status });
      const error = await newClient()
        .chat.completions.create({ model: 'gpt-4o-mini', messages: [user('hi')] })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.APIError);
      expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(status);

      const span = onlyErrorSpan(await tracing.expectSettled(1), String(status));
      expect(span.events.map((event) => event.name)).toEqual(['exception']);
    });

    it.each([400, 429, 500])('HTTP %i, streamed', async (status) => {
      fake.enqueue({ status });
      await expect(
        newClient().chat.completions.create({ model: 'gpt-4o-mini', messages: [user('hi')], stream: true }),
      ).rejects.toBeInstanceOf(OpenAI.APIError);
      const span = onlyErrorSpan(await tracing.expectSettled(1), String(status));
      expect(span.attributes['portobserve.stream.end']).toBeUndefined();
    });

    it('HTTP 500, streamed Responses', async () => {
      fake.enqueue({ status: 500 });
      await expect(
        newClient().responses.create({ model: 'gpt-4o-mini', input: 'hi', stream: true }),
      ).rejects.toBeInstanceOf(OpenAI.InternalServerError);
      const span = onlyErrorSpan(await tracing.expectSettled(1), '500');
      expect(span.name).toBe('Response');
    });

    it('HTTP 500 with the default retries: one span over all attempts', async () => {
      fake.enqueue({ status: 500 }, { status: 500 }, { status: 500 });
      await expect(
        newClient({}).chat.completions.create({ model: 'gpt-4o-mini', messages: [user('hi')] }),
      ).rejects.toBeInstanceOf(OpenAI.InternalServerError);
      expect(fake.requests).toHaveLength(3);
      onlyErrorSpan(await tracing.expectSettled(1), '500');
    });

    it('HTTP 500 then success after a retry: one span, OK', async () => {
      fake.enqueue({ status: 500 }, { content: 'recovered' });
      const answer = await newClient({ maxRetries: 1 }).chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [user('hi')],
      });
      expect(answer.choices[0]?.message.content).toBe('recovered');
      expect(fake.requests).toHaveLength(2);
      const span = onlyOkSpan(await tracing.expectSettled(1));
      expect(span.attributes['error.type']).toBeUndefined();
      expect(outputText(span)).toBe('recovered');
    });

    it('a connection refused ends the span with the error class', async () => {
      const client = new OpenAI({ apiKey: 'sk-test', baseURL: 'http://127.0.0.1:1/v1', maxRetries: 0 });
      await expect(
        client.chat.completions.create({ model: 'gpt-4o-mini', messages: [user('hi')] }),
      ).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
      onlyErrorSpan(await tracing.expectSettled(1), 'APIConnectionError');
    });
  });

  it('break out of a stream: the span ends at once as cancelled and the HTTP request is aborted', async () => {
    const stream = await streamChat(slowStream, 'talk');
    let seen = '';
    let count = 0;
    for await (const chunk of stream) {
      seen += chunk.choices[0]?.delta.content ?? '';
      if (++count === 4) break;
    }
    // Ended by the `break` itself, not by anything that happens later.
    const span = onlySpan(tracing.spans());
    expect(span.attributes['portobserve.stream.end']).toBe('cancelled');
    expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(outputText(span)).toBe(seen);
    expect(seen.split(' ').length).toBeLessThan(10);

    // The request is aborted, not read to its end in the background.
    await waitForUpstreamAbort(fake);
    expect(stream.controller.signal.aborted).toBe(true);
    await tracing.expectSettled(1);
  });

  it('return() of the iterator (a consumer that leaves early) ends the span as cancelled', async () => {
    const stream = await streamChat(slowStream, 'talk');
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.next();
    await iterator.return?.();
    expect(onlySpan(tracing.spans()).attributes['portobserve.stream.end']).toBe('cancelled');
    await waitForUpstreamAbort(fake);
  });

  it('an AbortController signal mid-stream ends the span as aborted: status unset, content kept', async () => {
    const abort = new AbortController();
    const stream = await streamChat(slowStream, 'talk', { signal: abort.signal });
    let count = 0;
    const outcome = await (async () => {
      for await (const _chunk of stream) if (++count === 3) abort.abort();
    })().then(
      () => 'ended',
      (error: unknown) => error,
    );
    // The SDK ends the loop quietly or throws its abort error; either way the span says "aborted".
    if (outcome !== 'ended') expect(outcome).toBeInstanceOf(OpenAI.APIUserAbortError);
    const span = onlySpan(await tracing.expectSettled(1));
    expectStoppedByCaller(span, 'aborted');
    await waitForUpstreamAbort(fake);
  });

  /** Reads a slow stream with a signal, and at the third chunk calls `abortWith` with its controller. */
  async function readThenAbortAtTheThirdChunk(abortWith: (abort: AbortController) => void): Promise<void> {
    const abort = new AbortController();
    const stream = await streamChat(slowStream, 'talk', { signal: abort.signal });
    let count = 0;
    await (async () => {
      for await (const _chunk of stream) if (++count === 3) abortWith(abort);
    })().catch(() => {});
  }

  it('a stop button (an abort while the loop waits for a chunk) is aborted, not an error', async () => {
    await readThenAbortAtTheThirdChunk((abort) => setTimeout(() => abort.abort(), 3));
    expectStoppedByCaller(onlySpan(await tracing.expectSettled(1)), 'aborted');
    await waitForUpstreamAbort(fake);
  });

  it("a timeout of the caller's signal mid-stream is an error: TimeoutError", async () => {
    await readThenAbortAtTheThirdChunk((abort) =>
      abort.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
    );
    const span = onlyErrorSpan(await tracing.expectSettled(1), 'TimeoutError');
    expect(span.attributes['portobserve.stream.end']).toBe('aborted');
    await waitForUpstreamAbort(fake);
  });

  it('stream.controller.abort() mid-stream ends the span as aborted', async () => {
    const stream = await streamChat(slowStream, 'talk');
    let count = 0;
    await (async () => {
      for await (const _chunk of stream) if (++count === 3) stream.controller.abort();
    })().catch(() => {});
    expectStoppedByCaller(onlySpan(await tracing.expectSettled(1)), 'aborted');
  });

  /** A call aborted while the upstream has not answered: one ERROR span, `APIUserAbortError`. */
  async function abortBeforeTheAnswer() {
    fake.enqueue({ latencyMs: 2000 });
    const abort = new AbortController();
    const pending = newClient().chat.completions.create(
      { model: 'gpt-4o-mini', messages: [user('hi')] },
      { signal: abort.signal },
    );
    await waitFor(() => fake.requests.length === 1);
    abort.abort();
    await expect(pending).rejects.toBeInstanceOf(OpenAI.APIUserAbortError);
    return onlyErrorSpan(await tracing.expectSettled(1), 'APIUserAbortError');
  }

  it("names openai's abort error by its class even when a bundler renamed it (Next.js's build)", async () => {
    const renamed = Object.getOwnPropertyDescriptor(OpenAI.APIUserAbortError, 'name');
    Object.defineProperty(OpenAI.APIUserAbortError, 'name', { value: 'nh', configurable: true });
    try {
      const span = await abortBeforeTheAnswer();
      expect(span.events[0]?.attributes?.['exception.type']).toBe('APIUserAbortError');
    } finally {
      if (renamed) Object.defineProperty(OpenAI.APIUserAbortError, 'name', renamed);
    }
  });

  it('an abort before the response arrives ends the span as APIUserAbortError', async () => {
    await abortBeforeTheAnswer();
  });

  it('a mid-stream failure ends the span as error with what arrived so far', async () => {
    const stream = await streamChat(
      { content: 'alpha beta gamma delta epsilon zeta', failAfterChunks: 3 },
      'talk',
    );
    let seen = '';
    const error = await (async () => {
      for await (const chunk of stream) seen += chunk.choices[0]?.delta.content ?? '';
    })().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(Error);
    expect(seen).toBe('alpha beta');

    const span = onlyErrorSpan(await tracing.expectSettled(1));
    expect(span.attributes['portobserve.stream.end']).toBe('error');
    expect(span.attributes['error.type']).toEqual(expect.any(String));
    // No token counts arrived: the content stays out of what OpenObserve would estimate tokens from.
    expect(span.attributes['gen_ai.output.messages']).toBeUndefined();
    expect(span.attributes['gen_ai.input.messages']).toBeUndefined();
    expect(JSON.parse(String(span.attributes['portobserve.failed.gen_ai.output.messages']))[0].content).toBe(
      'alpha beta',
    );
    expect(span.events.map((event) => event.name)).toEqual(['exception']);
  });

  it('an in-band error event of the stream ends the span as an error', async () => {
    // The fake cannot send one, so a tiny upstream does: OpenAI sends `{"error": ...}` mid-stream.
    const { createServer } = await import('node:http');
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = { id: 'c1', object: 'chat.completion.chunk', model: 'gpt-4o-mini', created: 1 };
      res.write(
        `data: ${JSON.stringify({ ...chunk, choices: [{ index: 0, delta: { content: 'Hi' } }] })}\n\n`,
      );
      res.end(
        `data: ${JSON.stringify({ error: { message: 'The server overloaded', type: 'server_error' } })}\n\n`,
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const client = new OpenAI({ apiKey: 'sk-test', baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 0 });
      const stream = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [user('hi')],
        stream: true,
      });
      await expect(
        (async () => {
          for await (const _chunk of stream) {
            // read all
          }
        })(),
      ).rejects.toThrow(/overloaded/);
      const span = onlyErrorSpan(await tracing.expectSettled(1));
      expect(span.attributes['portobserve.stream.end']).toBe('error');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('with idleTimeoutMs: 200', () => {
  instrumentFor({ idleTimeoutMs: 200 });

  it('a stream never read ends as idle; reading it later still works and makes no second span', async () => {
    const stream = await newClient().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [user('hi')],
      stream: true,
    });
    const [span] = await tracing.waitForSpans(1, 3000);
    expect(span?.attributes['portobserve.stream.end']).toBe('idle');
    expect(span?.status.code).not.toBe(SpanStatusCode.ERROR);

    expect(await streamedText(stream)).toBe('Hello from the fake upstream.');
    await tracing.expectSettled(1);
  });

  it('a response promise never awaited ends via the idle timer; awaiting it later still works', async () => {
    const pending = newClient().chat.completions.create({ model: 'gpt-4o-mini', messages: [user('hi')] });
    const [span] = await tracing.waitForSpans(1, 3000);
    expect(span?.name).toBe('ChatCompletion');
    expect(span?.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(fake.requests).toHaveLength(1);

    const answer = await pending;
    expect(answer.choices[0]?.message.content).toBe('Hello from the fake upstream.');
    await tracing.expectSettled(1);
  });

  it('a slow upstream is not idle: a read waiting for the next chunk keeps the span open', async () => {
    const stream = await streamChat({ content: 'a b', chunkDelayMs: 150 }, 'hi');
    expect(await streamedText(stream)).toBe('a b');
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.attributes['portobserve.stream.end']).toBe('complete');
    expect(span.status.code).toBe(SpanStatusCode.OK);
  });

  it('rejects an idleTimeoutMs that is not a positive number (OPENOBSERVE_STRICT=true: it throws)', () => {
    process.env.OPENOBSERVE_STRICT = 'true';
    try {
      expect(() => instrumentOpenAI(OpenAI, { idleTimeoutMs: 0 })).toThrow(/idleTimeoutMs=0/);
      expect(() => instrumentOpenAI(OpenAI, { idleTimeoutMs: Number.NaN })).toThrow(RangeError);
    } finally {
      delete process.env.OPENOBSERVE_STRICT;
    }
  });
});

describe('a stream dropped unread', () => {
  instrumentFor({ idleTimeoutMs: 60_000 });

  it('ends as dropped when it is garbage collected', async () => {
    const client = newClient();
    // Created in a function so no reference to the stream survives it.
    await (async () => {
      await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [user('hi')], stream: true });
    })();
    expect(tracing.spans()).toHaveLength(0);
    await collectGarbageUntil(() => tracing.spans().length > 0, 'the dropped stream');
    const span = onlySpan(await tracing.expectSettled(1));
    expect(span.attributes['portobserve.stream.end']).toBe('dropped');
    expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
  });
});
