import { context } from '@opentelemetry/api';
import { type ServerRequestSpan, withLLMContext } from '@portobserve/core';
import type { RouteTracingOptions } from './route-options.js';

/** Runs the handler in the request span's context, with the LLM context from `options.context`. */
export async function runInRequest<Request, Result>(
  requestSpan: ServerRequestSpan,
  request: Request,
  options: RouteTracingOptions<Request>,
  handler: () => Result,
): Promise<Awaited<Result>> {
  const readContext = options.context;
  const llmContext = readContext
    ? await context.with(requestSpan.context, () => readContext(request))
    : undefined;
  const result: Result = context.with(requestSpan.context, () =>
    llmContext ? withLLMContext(llmContext, handler) : handler(),
  );
  return await result;
}
