import { readFileSync } from 'node:fs';
import { SpanKind } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { startTracing } from '@portobserve/testkit/tracing';
import { afterAll, afterEach, expect, it } from 'vitest';
import { startServerSpan, traceFetchRequest } from '../../src/adapter.js';

const tracing = startTracing();
afterEach(() => tracing.checkAndReset());
afterAll(() => tracing.stop());

const packageVersion = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

function ownProvider() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { exporter, provider };
}

it('makes the SERVER span with core as its scope, at the version in package.json', () => {
  startServerSpan({ method: 'get', path: '/chat', header: () => undefined }, { recordAllRequests: true }).end(
    200,
  );
  const [span] = tracing.spans();
  expect(span?.kind).toBe(SpanKind.SERVER);
  expect(span?.instrumentationScope).toEqual({ name: '@portobserve/core', version: packageVersion });
  expect(span?.name).toBe('GET');
});

it('uses the tracerProvider option instead of the global provider', async () => {
  const { exporter, provider } = ownProvider();
  startServerSpan(
    { method: 'POST', path: '/chat', header: () => undefined },
    { tracerProvider: provider, recordAllRequests: true },
  ).end(200);
  const response = await traceFetchRequest(
    new Request('http://localhost/api/chat', { method: 'POST' }),
    { adapter: 'test()', route: '/api/chat' },
    { tracerProvider: provider, recordAllRequests: true },
    () => new Response('ok'),
  );
  expect(await response.text()).toBe('ok');
  expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['POST', 'POST /api/chat']);
  expect(tracing.spans()).toEqual([]);
  await provider.shutdown();
});
