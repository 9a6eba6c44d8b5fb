import { type Context, context, createContextKey, type Span, trace } from '@opentelemetry/api';

/**
 * Who and what an LLM call belongs to; set with {@link withLLMContext}.
 *
 * @example
 * ```ts
 * const llmContext: LLMContext = { sessionId: 'chat-42', userId: 'u-7', metadata: { plan: 'pro' }, tags: ['support'] };
 * await withLLMContext(llmContext, () => answer(question));
 * ```
 */
export interface LLMContext {
  /** Conversation or session id: `session.id`. */
  sessionId?: string;
  /** End user id: `user.id`. */
  userId?: string;
  /** Free-form metadata, recorded as JSON in `metadata`. */
  metadata?: Record<string, unknown>;
  /** Labels, recorded as `tag.tags`. */
  tags?: string[];
}

// Kept in the OpenTelemetry context (one key for every copy of core, via Symbol.for), so it travels
// wherever spans do, including through event emitters bound with `context.bind`.
const LLM_CONTEXT_KEY = createContextKey('portobserve.llm-context');

/**
 * Runs `fn` so that every LLM span started inside it, across awaits, carries `session.id`, `user.id`,
 * `metadata` and `tag.tags`. Nested calls merge: inner ids win, metadata is merged, tags add up.
 * It rides on the OpenTelemetry context, which `openobserveInit()` sets up.
 *
 * @example
 * ```ts
 * const answer = await withLLMContext({ sessionId: 'chat-42', userId: 'u-7', tags: ['support'] }, () =>
 *   openai.chat.completions.create({ model: 'gpt-4o-mini', messages }),
 * );
 * ```
 */
export function withLLMContext<T>(llmContext: LLMContext, fn: () => T): T {
  return context.with(contextWithLLMContext(context.active(), llmContext), fn);
}

/**
 * `parent` with `llmContext` merged in, for adapters that bind a context to emitters rather than run a
 * function in it.
 *
 * @example
 * ```ts
 * const requestContext = contextWithLLMContext(context.active(), { userId: 'u-7' });
 * context.bind(requestContext, req);
 * ```
 */
export function contextWithLLMContext(parent: Context, llmContext: LLMContext): Context {
  const outer = parent.getValue(LLM_CONTEXT_KEY) as LLMContext | undefined;
  return parent.setValue(LLM_CONTEXT_KEY, outer ? mergeContexts(outer, llmContext) : { ...llmContext });
}

// Request LLM contexts by the server span they belong to, for code that runs in a context bound by
// someone else (instrumentation-http binds the request first, so an adapter's own bind is ignored).
const BY_SPAN_KEY = Symbol.for('portobserve.llm-context.by-span');
type GlobalWithBySpan = typeof globalThis & { [BY_SPAN_KEY]?: WeakMap<Span, LLMContext> };

function contextsBySpan(): WeakMap<Span, LLMContext> {
  const scope = globalThis as GlobalWithBySpan;
  scope[BY_SPAN_KEY] ??= new WeakMap();
  return scope[BY_SPAN_KEY];
}

/**
 * Ties an LLM context to a (server) span: LLM calls made while that span is the active one get it, even
 * where the context they run in was bound without it.
 *
 * @example
 * ```ts
 * attachLLMContext(request.span, { sessionId: 'chat-42' });
 * ```
 */
export function attachLLMContext(span: Span, llmContext: LLMContext): void {
  contextsBySpan().set(span, llmContext);
}

/**
 * The LLM context active here, if any.
 *
 * @example
 * ```ts
 * withLLMContext({ userId: 'u-7' }, () => getLLMContext()?.userId); // 'u-7'
 * ```
 */
export function getLLMContext(): LLMContext | undefined {
  const active = context.active();
  const fromContext = active.getValue(LLM_CONTEXT_KEY) as LLMContext | undefined;
  if (fromContext) return fromContext;
  const span = trace.getSpan(active);
  return span ? (globalThis as GlobalWithBySpan)[BY_SPAN_KEY]?.get(span) : undefined;
}

function mergeContexts(outer: LLMContext, inner: LLMContext): LLMContext {
  return {
    sessionId: inner.sessionId ?? outer.sessionId,
    userId: inner.userId ?? outer.userId,
    metadata: outer.metadata || inner.metadata ? { ...outer.metadata, ...inner.metadata } : undefined,
    tags: outer.tags || inner.tags ? [...new Set([...(outer.tags ?? []), ...(inner.tags ?? [])])] : undefined,
  };
}
