import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { isTracingSuppressed } from '@opentelemetry/core';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { findSecrets } from '@portobserve/testkit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OpenObserveExportStats } from '../../src/index.js';
import { ExportQueueProcessor } from '../../src/openobserve/export-queue-processor.js';
import type { ExportTransport, TransportResult } from '../../src/openobserve/http-transport.js';
import type { OpenObserveOptions } from '../../src/openobserve/openobserve-options.js';
import { resolveOpenObserveConfig } from '../../src/openobserve/resolve-openobserve-config.js';

// The processor against a scripted transport, on fake timers: when it sends, what it retries, what it
// drops and what it says, step by step, without waiting for real time.

const TOKEN = `Basic ${Buffer.from('root@example.com:Complexpass#123').toString('base64')}`;
const OK: TransportResult = {
  type: 'answer',
  status: 200,
  statusText: 'OK',
  retryAfter: undefined,
  body: '',
};
const REFUSED: TransportResult = {
  type: 'error',
  code: 'ECONNREFUSED',
  message: 'connect ECONNREFUSED 127.0.0.1:5080',
};

function answer(status: number, body = '', retryAfter?: string): TransportResult {
  return { type: 'answer', status, statusText: '', retryAfter, body };
}

interface SentRequest {
  names: string[];
  timeoutMs: number;
  tracingSuppressed: boolean;
}

function scriptedTransport() {
  const sent: SentRequest[] = [];
  const script: (TransportResult | Promise<TransportResult> | 'hang')[] = [];
  const transport: ExportTransport = {
    send(body, timeoutMs, signal) {
      const request = JSON.parse(new TextDecoder().decode(body)) as {
        resourceSpans: { scopeSpans: { spans: { name: string }[] }[] }[];
      };
      const names = request.resourceSpans.flatMap((resource) =>
        resource.scopeSpans.flatMap((scope) => scope.spans.map((span) => span.name)),
      );
      sent.push({ names, timeoutMs, tracingSuppressed: isTracingSuppressed(context.active()) });
      const next = script.shift() ?? OK;
      if (next !== 'hang') return Promise.resolve(next);
      return new Promise((resolve) => {
        signal?.addEventListener('abort', () =>
          resolve({ type: 'error', code: 'ABORTED', message: 'abandoned' }),
        );
      });
    },
    shutdown() {},
  };
  return { transport, sent, script };
}

let written: string[];
let providers: BasicTracerProvider[];

beforeEach(() => {
  vi.useFakeTimers();
  written = [];
  providers = [];
});
afterEach(async () => {
  vi.useRealTimers();
  for (const provider of providers) await provider.shutdown();
});

function setUp(options: OpenObserveOptions = {}, random = () => 0.5) {
  const { transport, sent, script } = scriptedTransport();
  const config = resolveOpenObserveConfig(
    { url: 'http://127.0.0.1:5080', authToken: TOKEN, timeoutMs: 3000, ...options },
    {},
  );
  const processor = new ExportQueueProcessor(config, {
    transport,
    write: (message) => written.push(message),
    random,
  });
  const provider = new BasicTracerProvider({ spanProcessors: [processor] });
  providers.push(provider);
  const tracer = provider.getTracer('test');
  const end = (...names: string[]) => {
    for (const name of names) tracer.startSpan(name).end();
  };
  return { processor, sent, script, end };
}

function expectBalanced(stats: OpenObserveExportStats): void {
  expect(stats.producedSpans).toBe(stats.exportedSpans + stats.droppedSpans + stats.queuedSpans);
}

describe('when spans are sent', () => {
  it('sends the very first batch within a second, later ones after scheduledDelayMillis', async () => {
    const { sent, end } = setUp({ batch: { scheduledDelayMillis: 5000 } });
    end('first');
    await vi.advanceTimersByTimeAsync(999);
    expect(sent).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent.map((request) => request.names)).toEqual([['first']]);

    end('second');
    await vi.advanceTimersByTimeAsync(4999);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent.map((request) => request.names)).toEqual([['first'], ['second']]);
  });

  it('reports a refused first export before the next scheduled batch, not after retries', async () => {
    const { sent, script, end, processor } = setUp({ batch: { scheduledDelayMillis: 5000 } });
    script.push(REFUSED);
    end('first');
    await vi.advanceTimersByTimeAsync(1000);
    // One attempt, one warning, at the first export: nothing waited for the 5 s delay or for retries.
    expect(sent).toHaveLength(1);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(
      /could not reach OpenObserve at http:\/\/127\.0\.0\.1:5080\/api\/default\/v1\/traces/,
    );
    expect(written[0]).toMatch(/ECONNREFUSED.*is OpenObserve running, and is the `url` option right\?/);
    expect(processor.stats()).toMatchObject({ producedSpans: 1, queuedSpans: 1, droppedSpans: 0 });
  });

  it('sends a full batch at once, but never on the span.end() call path', async () => {
    const { sent, end } = setUp({ batch: { maxExportBatchSize: 3, scheduledDelayMillis: 60_000 } });
    end('a', 'b', 'c');
    expect(sent).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.map((request) => request.names)).toEqual([['a', 'b', 'c']]);
  });

  it('never traces its own export request', async () => {
    const contextManager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(contextManager);
    try {
      const { sent, end, processor } = setUp();
      end('a');
      await processor.forceFlush();
      expect(sent[0]?.tracingSuppressed).toBe(true);
    } finally {
      context.disable();
    }
  });
});

describe('while OpenObserve fails', () => {
  it('keeps a batch that failed with 503 and retries it with growing pauses until it is accepted', async () => {
    const { sent, script, end, processor } = setUp({ batch: { scheduledDelayMillis: 200 } });
    script.push(answer(503), answer(503), answer(503), OK);
    end('a', 'b');
    await vi.advanceTimersByTimeAsync(200);
    expect(sent).toHaveLength(1);
    expect(processor.stats()).toMatchObject({ queuedSpans: 2, droppedSpans: 0, failedExports: 1 });
    expectBalanced(processor.stats());

    // Pauses of 1 s, 2 s, 4 s (no jitter with random() = 0.5).
    for (const [pause, attempts] of [
      [1000, 2],
      [2000, 3],
      [4000, 4],
    ] as const) {
      await vi.advanceTimersByTimeAsync(pause - 1);
      expect(sent).toHaveLength(attempts - 1);
      await vi.advanceTimersByTimeAsync(1);
      expect(sent).toHaveLength(attempts);
      expectBalanced(processor.stats());
    }
    expect(sent.every((request) => request.names.join() === 'a,b')).toBe(true);
    expect(processor.stats()).toMatchObject({
      producedSpans: 2,
      exportedSpans: 2,
      droppedSpans: 0,
      queuedSpans: 0,
      failedExports: 3,
    });
    // One warning for the three 503s, naming the status, what happens to the spans and the queue size.
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/OpenObserve answered 503 Service Unavailable at .*unavailable/);
    expect(written[0]).toMatch(
      /The 2 spans stay queued and are retried in 1 s.*batch\.maxQueueSize.*2048 spans/,
    );
  });

  it('waits as long as Retry-After says before trying again', async () => {
    const { sent, script, end } = setUp();
    script.push(answer(429, '', '7'));
    end('a');
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(6999);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(2);
    expect(written[0]).toMatch(
      /answered 429 Too Many Requests.*rate-limiting.*retried in 7 s \(as its Retry-After asks\)/,
    );
  });

  it.each([
    [429, /429 Too Many Requests/],
    [502, /502 Bad Gateway.*proxy or load balancer/],
    [503, /503 Service Unavailable/],
    [504, /504 Gateway Timeout.*timed out/],
  ])('gives %i its own warning', async (status, pattern) => {
    const { script, end, processor } = setUp();
    script.push(answer(status), answer(status));
    end('a');
    await vi.advanceTimersByTimeAsync(1000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(pattern);
    expect(processor.stats()).toMatchObject({ failedExports: 2, queuedSpans: 1 });
  });

  it('gives every retryable status a warning of its own, not one shared slot', async () => {
    const { script, end, processor } = setUp();
    script.push(answer(429), answer(502), answer(503), answer(504));
    end('a');
    await vi.advanceTimersByTimeAsync(1000 + 1000 + 2000 + 4000);
    expect(processor.stats().failedExports).toBe(4);
    expect(written.map((line) => /answered (\d+)/.exec(line)?.[1])).toEqual(['429', '502', '503', '504']);
  });

  it('drops a batch refused for good (401), counts it, and names the token setting', async () => {
    const { script, end, processor } = setUp();
    script.push(answer(401, 'Unauthorized Access'), answer(401, 'Unauthorized Access'));
    end('a', 'b');
    await vi.advanceTimersByTimeAsync(1000);
    end('c');
    await processor.forceFlush();
    expect(processor.stats()).toMatchObject({
      producedSpans: 3,
      droppedSpans: 3,
      queuedSpans: 0,
      failedExports: 2,
    });
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(
      /answered 401 Unauthorized .*: Unauthorized Access\. The credentials were refused: check the `authToken` option/,
    );
    expect(written[0]).toContain('2 spans were dropped');
  });

  it('counts the spans a partial success rejected, and warns once with the backend message', async () => {
    const { script, end, processor } = setUp();
    const partial = JSON.stringify({ partialSuccess: { rejectedSpans: 2, errorMessage: 'spans too old' } });
    script.push(answer(206, partial), answer(206, partial));
    end('a', 'b', 'c');
    await vi.advanceTimersByTimeAsync(1000);
    end('d', 'e');
    await processor.forceFlush();
    expect(processor.stats()).toMatchObject({
      exportedSpans: 1,
      rejectedSpans: 4,
      droppedSpans: 4,
      queuedSpans: 0,
    });
    expectBalanced(processor.stats());
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(
      /accepted 1 of 3 spans and rejected 2: "spans too old".*stats\(\)\.rejectedSpans/,
    );
  });

  it('counts a 200 with a body that is no OTLP answer as exported, and says something else may have answered', async () => {
    const { script, end, processor } = setUp();
    script.push(answer(200, '<html><body>Please log in</body></html>'));
    end('a');
    await processor.forceFlush();
    expect(processor.stats()).toMatchObject({ exportedSpans: 1, droppedSpans: 0 });
    expect(written[0]).toMatch(
      /body is not an OTLP response: "<html><body>Please log in<\/body><\/html>".*proxy or a login page/,
    );
  });

  it('drops the oldest waiting spans when the queue is full, and says so once', async () => {
    const { sent, script, end, processor } = setUp({ batch: { maxQueueSize: 5, maxExportBatchSize: 2 } });
    let release: (result: TransportResult) => void = () => {};
    script.push(new Promise<TransportResult>((resolve) => (release = resolve)));
    end('s1', 's2');
    await vi.advanceTimersByTimeAsync(0); // s1, s2 in flight: they count towards the 5
    end('s3', 's4', 's5', 's6', 's7');
    expect(processor.stats()).toMatchObject({ producedSpans: 7, droppedSpans: 2, queuedSpans: 5 });
    expectBalanced(processor.stats());
    expect(written.filter((line) => line.includes('queue is full'))).toHaveLength(1);
    expect(written[0]).toMatch(
      /batch\.maxQueueSize \/ OTEL_BSP_MAX_QUEUE_SIZE, 5 spans.*oldest waiting spans are dropped/,
    );

    release(OK);
    await processor.forceFlush();
    // s3 and s4 were the oldest waiting: gone; the in-flight batch and the newest were kept.
    expect(sent.slice(1).flatMap((request) => request.names)).toEqual(['s5', 's6', 's7']);
  });

  it('puts a failed batch back in front of newer spans, so it is retried first, in order', async () => {
    const { sent, script, end, processor } = setUp({
      batch: { maxQueueSize: 4, maxExportBatchSize: 3, scheduledDelayMillis: 100 },
    });
    let release: (result: TransportResult) => void = () => {};
    script.push(new Promise<TransportResult>((resolve) => (release = resolve)));
    end('a', 'b', 'c');
    await vi.advanceTimersByTimeAsync(0);
    end('d'); // a, b, c in flight and d waiting: the queue of 4 is full, nothing dropped
    expect(processor.stats()).toMatchObject({ queuedSpans: 4, droppedSpans: 0 });
    release(answer(503));
    await vi.advanceTimersByTimeAsync(1000);
    await processor.forceFlush();
    expect(sent.map((request) => request.names)).toEqual([['a', 'b', 'c'], ['a', 'b', 'c'], ['d']]);
    expect(processor.stats()).toMatchObject({
      producedSpans: 4,
      exportedSpans: 4,
      droppedSpans: 0,
      queuedSpans: 0,
    });
  });

  it('reports at shutdown the spans of a request it had to abandon', async () => {
    const { script, end, processor } = setUp({ batch: { maxExportBatchSize: 3 } });
    script.push('hang');
    end('a', 'b', 'c');
    await vi.advanceTimersByTimeAsync(0);
    end('d');
    const done = processor.shutdown();
    await vi.advanceTimersByTimeAsync(3000);
    await done;
    expect(processor.stats()).toMatchObject({
      producedSpans: 4,
      droppedSpans: 4,
      queuedSpans: 0,
      exportedSpans: 0,
    });
    expect(written.at(-1)).toMatch(
      /shutdown: 4 spans could not be sent before its deadline \(timeoutMs \/ OPENOBSERVE_TIMEOUT, 3000 ms\) and were dropped/,
    );
  });
});

describe('forceFlush and shutdown', () => {
  it('forceFlush sends everything queued now, batch after batch, ignoring the delay', async () => {
    const { sent, end, processor } = setUp({
      batch: { maxExportBatchSize: 2, scheduledDelayMillis: 60_000 },
    });
    end('a', 'b', 'c', 'd', 'e');
    await processor.forceFlush();
    expect(sent.map((request) => request.names)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(processor.stats()).toMatchObject({ exportedSpans: 5, queuedSpans: 0 });
  });

  it('forceFlush stops at a retryable failure and leaves the spans queued for the retry', async () => {
    const { sent, script, end, processor } = setUp({ batch: { maxExportBatchSize: 2 } });
    script.push(REFUSED);
    end('a', 'b', 'c');
    await processor.forceFlush();
    expect(sent).toHaveLength(1);
    expect(processor.stats()).toMatchObject({ queuedSpans: 3, droppedSpans: 0 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent.slice(1).map((request) => request.names)).toEqual([['a', 'b']]);
  });

  it('shutdown keeps retrying a dead backend until timeoutMs, then counts and reports what it could not send', async () => {
    const { sent, script, end, processor } = setUp({ timeoutMs: 5000 });
    for (let index = 0; index < 20; index++) script.push(REFUSED);
    end('a', 'b', 'c');
    const started = Date.now();
    let done = false;
    void processor.shutdown().then(() => {
      done = true;
    });
    // Attempts at 0, 1 s and 3 s; the next would be at 7 s, past the 5 s deadline, so it ends there.
    await vi.advanceTimersByTimeAsync(2999);
    expect(done).toBe(false);
    expect(sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
    expect(Date.now() - started).toBeLessThanOrEqual(5000);
    expect(sent).toHaveLength(3);
    expect(processor.stats()).toMatchObject({
      producedSpans: 3,
      droppedSpans: 3,
      queuedSpans: 0,
      exportedSpans: 0,
    });
    const report = written.at(-1) ?? '';
    expect(report).toMatch(
      /shutdown: 3 spans could not be sent before its deadline .*5000 ms\) and were dropped\. Last failure: could not reach OpenObserve .*ECONNREFUSED/,
    );
    expect(report).toContain('In all: 3 spans produced, 0 exported, 3 dropped.');
  });

  it('shutdown abandons a hanging request at its deadline', async () => {
    const { script, end, processor } = setUp({ timeoutMs: 2000 });
    script.push('hang');
    end('a');
    await vi.advanceTimersByTimeAsync(1000);
    let done = false;
    void processor.shutdown().then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(2000);
    expect(done).toBe(true);
    expect(processor.stats()).toMatchObject({ droppedSpans: 1, queuedSpans: 0 });
  });

  it('reports what is unsent when the process ends, counted as dropped and no longer queued', async () => {
    const { end, processor } = setUp();
    end('a', 'b');
    processor.reportUnsent('the process exited');
    expect(written.at(-1)).toMatch(/the process exited with 2 spans not sent to OpenObserve/);
    const stats = processor.stats();
    expect(stats).toMatchObject({ producedSpans: 2, droppedSpans: 2, queuedSpans: 0 });
    expectBalanced(stats);
  });

  it('counts spans that end after shutdown as dropped', async () => {
    const { end, processor } = setUp();
    await processor.shutdown();
    end('late');
    expect(processor.stats()).toMatchObject({ producedSpans: 1, droppedSpans: 1, queuedSpans: 0 });
  });
});

describe('what it prints', () => {
  it('never prints the credentials, whatever the backend echoes, even cut at the length limit', async () => {
    const { script, end, processor } = setUp({ headers: { 'x-api-key': 'key-0123456789abcdef' } });
    const echo = `Unauthorized Access for ${TOKEN} (root@example.com:Complexpass#123, key key-0123456789abcdef)`;
    // The token starts just before the 200-character cut: a prefix of it must not survive either.
    script.push(answer(401, `${'x'.repeat(190)} ${TOKEN}`), answer(400, echo));
    end('a');
    await processor.forceFlush();
    end('b');
    await processor.forceFlush();
    expect(written).toHaveLength(2);
    const secrets = [TOKEN, 'key-0123456789abcdef'];
    expect(findSecrets(written.join('\n'), secrets)).toEqual([]);
    expect(written.join('\n')).not.toContain(TOKEN.slice(6, 16));
    expect(written[1]).toContain('[REDACTED]');
  });
});
