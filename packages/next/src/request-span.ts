import { context, type Span, trace } from '@opentelemetry/api';
import {
  type ServerRequestInfo,
  type ServerRequestSpan,
  type ServerSpanOptions,
  startServerSpan,
} from '@portobserve/core';

/** The instrumentation scope of the spans Next.js makes (`trace.getTracer('next.js')`). */
const NEXT_SCOPE = 'next.js';

/**
 * The span a route's work belongs under. Inside a route handler Next.js has its own span active
 * (`executing api route (app) /api/chat`, a child of its SERVER span `POST /api/chat`) whenever a
 * tracer provider is registered: that one is used, and Next.js records the route, the status and the
 * errors itself. A SERVER span already active (`@opentelemetry/instrumentation-http`) is enriched.
 * With neither, a SERVER span is started that continues the incoming `traceparent`.
 */
export function startRequestSpan(info: ServerRequestInfo, options: ServerSpanOptions): ServerRequestSpan {
  const active = trace.getSpan(context.active());
  if (active?.isRecording() && isNextSpan(active)) return enrichNextSpan(active);
  return startServerSpan(info, options);
}

function isNextSpan(span: Span): boolean {
  const scoped = span as {
    instrumentationScope?: { name?: string };
    instrumentationLibrary?: { name?: string };
  };
  return (scoped.instrumentationScope ?? scoped.instrumentationLibrary)?.name === NEXT_SCOPE;
}

function enrichNextSpan(span: Span): ServerRequestSpan {
  return {
    span,
    context: context.active(),
    ownsSpan: false,
    // Next.js names its SERVER span `{method} {route}` and sets `http.route` itself.
    setRoute() {},
    // An error that leaves the handler is recorded by Next.js on this span (and its SERVER span gets
    // status ERROR from the 500): recording it here too would show it twice.
    recordError() {},
    end(statusCode) {
      // A streamed body outlives Next.js's handler span: it may have ended already.
      if (statusCode !== undefined && span.isRecording()) {
        span.setAttribute('http.response.status_code', statusCode);
      }
    },
  };
}
