import { context } from '@opentelemetry/api';
import { withRequestContext } from './request-context.js';
import { type AdapterDetails, type RequestTrace, requestTrace } from './request-trace.js';
import type { RequestTracingOptions, ServerRequestInfo } from './server-request.js';
import { startServerSpan } from './start-server-span.js';
import { traceResponseBody } from './traced-response-body.js';

/**
 * Traces one Fetch API request (`(request: Request) => Response` handlers: Next.js App Router route
 * handlers) for an adapter: starts its SERVER span (or uses the framework's, or enriches an active
 * SERVER span), reads the LLM context from `options.context` (guarded: a failing callback is reported
 * and skipped), runs `handle` in the request's context and ends the span with the response's status
 * once its body has been read to the end, failed, or was cancelled by the client: for a streamed
 * answer, when the last chunk was sent. A thrown error is recorded with status 500 (control flow,
 * per `details.controlFlow`, only sets its status) and rethrown.
 *
 * @example
 * ```ts
 * export const POST = (request: Request) =>
 *   traceFetchRequest(request, { adapter: 'myWrapper()' }, {}, () => Response.json({ ok: true }));
 * ```
 */
export async function traceFetchRequest<Request extends globalThis.Request, Result>(
  request: Request,
  details: AdapterDetails,
  options: RequestTracingOptions<Request>,
  handle: (trace: RequestTrace) => Result,
): Promise<Awaited<Result>> {
  const span = startServerSpan(fetchRequestInfo(request, details), options);
  const trace = requestTrace(span);
  try {
    const result = await withRequestContext(
      span,
      options.context,
      request,
      `${details.adapter} option \`context\``,
      (bound) => context.with(bound, handle, undefined, trace),
    );
    if (!(result instanceof Response)) {
      trace.end(undefined);
      return result;
    }
    return traceResponseBody(result, (outcome) => {
      if (outcome.kind === 'error') span.recordError(outcome.error);
      trace.end(result.status, { clientAborted: outcome.kind === 'cancelled' });
    }) as Awaited<Result>;
  } catch (error) {
    const controlFlow = details.controlFlow?.(error);
    if (controlFlow) {
      trace.end(controlFlow.status);
    } else {
      span.recordError(error);
      trace.end(500);
    }
    throw error;
  }
}

function fetchRequestInfo(request: Request, details: AdapterDetails): ServerRequestInfo {
  const url = parseUrl(request.url);
  return {
    method: request.method,
    path: url?.pathname ?? '/',
    scheme: url?.protocol === 'https:' ? 'https' : 'http',
    host: request.headers.get('host') ?? url?.host,
    header: (name) => request.headers.get(name) ?? undefined,
    route: details.route,
    frameworkSpanScope: details.frameworkSpanScope,
  };
}

function parseUrl(raw: string): URL | undefined {
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
}
