import { AsyncLocalStorage } from 'node:async_hooks';

/** Who and what an LLM call belongs to; set with {@link withLLMContext}. */
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

// One store for every copy of @portobserve/core in the process (ESM + CJS builds, bundles).
const STORE_KEY = Symbol.for('portobserve.llm-context');
type GlobalWithStore = typeof globalThis & { [STORE_KEY]?: AsyncLocalStorage<LLMContext> };

function contextStore(): AsyncLocalStorage<LLMContext> {
  const scope = globalThis as GlobalWithStore;
  scope[STORE_KEY] ??= new AsyncLocalStorage<LLMContext>();
  return scope[STORE_KEY];
}

/**
 * Runs `fn` so that every LLM span started inside it, across awaits, carries `session.id`, `user.id`,
 * `metadata` and `tag.tags`. Nested calls merge: inner ids win, metadata is merged, tags add up.
 *
 * @example
 * ```ts
 * const answer = await withLLMContext({ sessionId: 'chat-42', userId: 'u-7', tags: ['support'] }, () =>
 *   openai.chat.completions.create({ model: 'gpt-4o-mini', messages }),
 * );
 * ```
 */
export function withLLMContext<T>(llmContext: LLMContext, fn: () => T): T {
  const store = contextStore();
  const outer = store.getStore();
  return store.run(outer ? mergeContexts(outer, llmContext) : { ...llmContext }, fn);
}

/** The LLM context active here, if any. */
export function getLLMContext(): LLMContext | undefined {
  return (globalThis as GlobalWithStore)[STORE_KEY]?.getStore();
}

function mergeContexts(outer: LLMContext, inner: LLMContext): LLMContext {
  return {
    sessionId: inner.sessionId ?? outer.sessionId,
    userId: inner.userId ?? outer.userId,
    metadata: outer.metadata || inner.metadata ? { ...outer.metadata, ...inner.metadata } : undefined,
    tags: outer.tags || inner.tags ? [...new Set([...(outer.tags ?? []), ...(inner.tags ?? [])])] : undefined,
  };
}
