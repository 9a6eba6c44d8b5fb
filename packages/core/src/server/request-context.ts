import { type Context, context } from '@opentelemetry/api';
import { attachLLMContext, contextWithLLMContext, type LLMContext } from '../context/llm-context.js';
import type { LLMContextOption } from './server-request.js';
import type { ServerRequestSpan } from './start-server-span.js';
import { reportCallbackFailure } from './user-callback.js';

/**
 * The LLM context the adapter's `context` option gives for `input`, called in the request span's
 * context. Synchronous when the option is; a throw or a rejection is reported and counts as none, so
 * it never fails the request.
 */
export function readLLMContext<Input>(
  span: ServerRequestSpan,
  option: LLMContextOption<Input> | undefined,
  input: Input,
  optionName: string,
): LLMContext | undefined | Promise<LLMContext | undefined> {
  if (!option) return undefined;
  try {
    const result = context.with(span.context, option, undefined, input);
    if (!isPromiseLike(result)) return result;
    return Promise.resolve(result).catch((error: unknown) => {
      reportCallbackFailure(optionName, error);
      return undefined;
    });
  } catch (error) {
    reportCallbackFailure(optionName, error);
    return undefined;
  }
}

/**
 * The context to handle the request in: the span's, with `llmContext` merged in. When another
 * instrumentation owns the span (and may have bound the request's emitters to its own context first),
 * the LLM context is also tied to the span, so code resuming in those emitters' callbacks finds it.
 */
export function requestContext(span: ServerRequestSpan, llmContext: LLMContext | undefined): Context {
  if (!llmContext) return span.context;
  if (!span.ownsSpan) attachLLMContext(span.span, llmContext);
  return contextWithLLMContext(span.context, llmContext);
}

/** Reads the LLM context (awaiting it only when the option is async), then runs `run` with the request's context. */
export function withRequestContext<Input, Result>(
  span: ServerRequestSpan,
  option: LLMContextOption<Input> | undefined,
  input: Input,
  optionName: string,
  run: (requestContext: Context) => Result,
): Result | Promise<Result> {
  const llmContext = readLLMContext(span, option, input, optionName);
  return isPromiseLike(llmContext)
    ? llmContext.then((resolved) => run(requestContext(span, resolved)))
    : run(requestContext(span, llmContext));
}

export function isPromiseLike<T>(value: unknown): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}
