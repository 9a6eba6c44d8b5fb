/**
 * Next.js calls `register()` once when the server starts, on each runtime. The OpenTelemetry Node.js
 * SDK runs only on the Node.js runtime, so the Edge build never sees it.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    await import('./instrumentation.node');
  }
}
