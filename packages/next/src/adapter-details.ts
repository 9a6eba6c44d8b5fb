import type { AdapterDetails } from '@portobserve/core/adapter';
import { controlFlowOf } from './control-flow-error.js';

/**
 * What core's request helpers need to know about a Next.js wrapper: Next.js makes its spans with the
 * tracer `next.js` (`executing api route (app) /api/chat` is active inside a route handler whenever a
 * tracer provider is registered, and is then the request's span), and `redirect()` / `notFound()`
 * are control flow, not errors.
 */
export function nextAdapterDetails(adapter: string, route: string | undefined): AdapterDetails {
  return { adapter, route, frameworkSpanScope: 'next.js', controlFlow: controlFlowOf };
}
