/**
 * Builders for the LLM step's own tests. OpenObserve's Rust tests feed `json!(…)` values; over OTLP
 * every scalar arrives as a string (`get_val`), so numbers are written here as the strings
 * OpenObserve would hold.
 */
import type { ServerAttributes, ServerValue } from '../server-value.js';
import type { LlmSpanEvent } from './input-output.js';
import { type LlmIngestMarkers, processLlmSpan } from './process-llm-span.js';

/**
 * Attributes by raw key, in the given order.
 *
 * @example
 * ```ts
 * attributes({ 'gen_ai.request.model': 'gpt-4' });
 * ```
 */
export function attributes(entries: Record<string, ServerValue>): ServerAttributes {
  return new Map(Object.entries(entries));
}

/** What {@link processed} returns: the span's attributes after the step, and the double's markers. */
export interface ProcessedSpan {
  span: ServerAttributes;
  markers: LlmIngestMarkers;
}

/**
 * Runs the LLM step on a span, like `processor.process_span(&mut attrs, &resource, scope, &events)`.
 *
 * @example
 * ```ts
 * processed({ 'gen_ai.operation.name': 'chat' }).span.get('gen_ai.usage.cost'); // 0
 * ```
 */
export function processed(
  span: Record<string, ServerValue>,
  context: { resource?: Record<string, ServerValue>; scopeName?: string; events?: LlmSpanEvent[] } = {},
): ProcessedSpan {
  const map = attributes(span);
  const markers = processLlmSpan(map, {
    resource: attributes(context.resource ?? {}),
    scopeName: context.scopeName,
    events: context.events ?? [],
  });
  return { span: map, markers };
}

/**
 * A span event for the step.
 *
 * @example
 * ```ts
 * event('gen_ai.user.message', { content: 'hi' });
 * ```
 */
export function event(name: string, entries: Record<string, ServerValue> = {}): LlmSpanEvent {
  return { name, attributes: attributes(entries) };
}
