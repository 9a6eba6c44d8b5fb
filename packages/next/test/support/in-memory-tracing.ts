import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/** A global tracer provider that keeps spans in memory and counts `forceFlush()` calls. */
export function installInMemoryTracing() {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const flushes: number[] = [];
  const forceFlush = provider.forceFlush.bind(provider);
  provider.forceFlush = () => {
    flushes.push(exporter.getFinishedSpans().length);
    return forceFlush();
  };
  // Global provider, AsyncLocalStorage context manager and W3C propagators.
  provider.register();
  return {
    spans: (): ReadableSpan[] => exporter.getFinishedSpans(),
    /** For each `forceFlush()` so far: how many spans had ended when it was called. */
    flushes,
    reset() {
      exporter.reset();
      flushes.length = 0;
    },
    async uninstall() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/** Resolves once `predicate` holds, polling every 5 ms (at most 2 s). */
export async function eventually(predicate: () => boolean): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met within 2 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
