import { diag, trace } from '@opentelemetry/api';

/**
 * Sends every pending span now, whoever registered the tracer provider (`openobserveInit`,
 * `@vercel/otel`, `NodeSDK`). For serverless functions, which may freeze right after the response.
 * Never rejects.
 *
 * @example
 * ```ts
 * import { after } from 'next/server';
 * after(() => flushTraces());
 * ```
 */
export async function flushTraces(): Promise<void> {
  let provider: unknown = trace.getTracerProvider();
  // The global provider is a proxy (possibly from another copy of @opentelemetry/api): ask for the real one.
  const getDelegate = (provider as { getDelegate?: () => unknown }).getDelegate;
  if (typeof getDelegate === 'function') provider = getDelegate.call(provider);
  const flush = (provider as { forceFlush?: () => Promise<void> }).forceFlush;
  if (typeof flush !== 'function') return;
  try {
    await flush.call(provider);
  } catch (error) {
    // Export problems are reported by the exporter; flushing never throws into the app.
    diag.warn('portobserve: flushTraces failed', error);
  }
}
