import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/** A global tracer provider that keeps finished spans in memory, for assertions. */
export function startInMemoryTracing() {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  trace.disable();
  context.disable();
  propagation.disable();
  provider.register({ contextManager: new AsyncLocalStorageContextManager() });
  return {
    exporter,
    provider,
    spans: (): ReadableSpan[] => exporter.getFinishedSpans(),
    reset: () => exporter.reset(),
    /** Waits until `count` spans have ended (spans end asynchronously after a stream closes). */
    async waitForSpans(count: number, timeoutMs = 5000): Promise<ReadableSpan[]> {
      const deadline = Date.now() + timeoutMs;
      while (exporter.getFinishedSpans().length < count) {
        if (Date.now() > deadline) {
          throw new Error(`expected ${count} spans, got ${exporter.getFinishedSpans().length}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return exporter.getFinishedSpans();
    },
    async stop() {
      await provider.shutdown();
      trace.disable();
      context.disable();
    },
  };
}
