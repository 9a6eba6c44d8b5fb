import { registerOpenObserve } from '@portobserve/next';

// Next.js's own request spans and every LLM span go to OpenObserve (OPENOBSERVE_URL, OPENOBSERVE_AUTH_TOKEN).
registerOpenObserve({
  serviceName: process.env.OTEL_SERVICE_NAME ?? 'next-demo',
});
