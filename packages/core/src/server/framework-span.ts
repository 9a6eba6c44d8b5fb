import { type Context, type Span, trace } from '@opentelemetry/api';
import type { ServerRequestSpan } from './start-server-span.js';

/**
 * The framework's own span active in `active` (Next.js has `executing api route (app) /api/chat`
 * active inside a route handler whenever a tracer provider is registered), if it is recording.
 * The SDK's `Span` carries the tracer's scope as `instrumentationScope` (`instrumentationLibrary`
 * before SDK 2): the only way to tell whose span it is.
 */
export function activeFrameworkSpan(active: Context, scope: string | undefined): Span | undefined {
  if (scope === undefined) return undefined;
  const span = trace.getSpan(active);
  if (!span?.isRecording()) return undefined;
  const scoped = span as {
    instrumentationScope?: { name?: string };
    instrumentationLibrary?: { name?: string };
  };
  return (scoped.instrumentationScope ?? scoped.instrumentationLibrary)?.name === scope ? span : undefined;
}

/**
 * The framework's span as the request's span. The framework names it, sets `http.route` and records
 * the errors that leave the handler (recording them here too would show them twice), so only the
 * status code is added, while the span still records: a streamed body outlives the handler's span.
 */
export function frameworkRequestSpan(span: Span, active: Context): ServerRequestSpan {
  return {
    span,
    context: active,
    ownsSpan: false,
    setRoute() {},
    recordError() {},
    whenRecording(callback) {
      callback();
    },
    end(statusCode) {
      if (statusCode !== undefined && span.isRecording()) {
        span.setAttribute('http.response.status_code', statusCode);
      }
    },
  };
}
