import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { type OpenObserveDouble, startOpenObserve } from '@portobserve/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openobserveSpanProcessor } from '../../src/index.js';

let double: OpenObserveDouble;
beforeAll(async () => {
  double = await startOpenObserve();
});
afterAll(async () => {
  await double.close();
});

it('plugs the same export into a provider the app already owns', async () => {
  const processor = openobserveSpanProcessor({
    url: double.url,
    authToken: double.authToken,
    streamName: 'own',
  });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'owned-provider' }),
    spanProcessors: [processor],
  });
  provider.getTracer('test').startSpan('from-own-provider').end();
  await provider.forceFlush();
  expect(double.rows({ stream: 'own' })).toMatchObject([
    { operation_name: 'from-own-provider', service_name: 'owned-provider' },
  ]);
  expect(processor.stats().exportedSpans).toBe(1);
  await provider.shutdown();
});

it('is inert when disabled: pointed at OpenObserve with a token, it sends nothing', async () => {
  const processor = openobserveSpanProcessor({
    url: double.url,
    authToken: double.authToken,
    streamName: 'disabled',
    enabled: false,
  });
  const provider = new BasicTracerProvider({ spanProcessors: [processor] });
  provider.getTracer('test').startSpan('nothing').end();
  await provider.forceFlush();
  await provider.shutdown();
  expect(processor.endpoint).toBeUndefined();
  expect(processor.stats().exportedSpans).toBe(0);
  expect(double.requests.filter((request) => request.stream === 'disabled')).toHaveLength(0);
  expect(double.rows({ stream: 'disabled' })).toEqual([]);
});
