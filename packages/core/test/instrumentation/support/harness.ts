import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { FakeOpenAI } from '@portobserve/testkit';
import { waitFor } from '@portobserve/testkit/tracing';
import type OpenAI from 'openai';
import { expect } from 'vitest';

// The tracing harness itself is the testkit's, shared with the adapters' tests.
export type { Tracing } from '@portobserve/testkit/tracing';
export { settle, startTracing, waitFor } from '@portobserve/testkit/tracing';

/** Everything a span carries as one string: attributes, events, status, name. For "never contains" checks. */
export function spanText(span: ReadableSpan): string {
  return JSON.stringify({
    name: span.name,
    attributes: span.attributes,
    events: span.events.map((event) => ({ name: event.name, attributes: event.attributes })),
    status: span.status,
    resource: span.resource.attributes,
  });
}

/** Attribute keys of a span that start with `prefix`. */
export function keysWithPrefix(span: ReadableSpan, prefix: string): string[] {
  return Object.keys(span.attributes).filter((key) => key.startsWith(prefix));
}

/** The only finished span, failing when there is not exactly one. */
export function onlySpan(spans: readonly ReadableSpan[]): ReadableSpan {
  expect(spans.map((span) => span.name)).toHaveLength(1);
  return spans[0]!;
}

/** The only finished span, which ended OK. */
export function onlyOkSpan(spans: readonly ReadableSpan[]): ReadableSpan {
  const span = onlySpan(spans);
  expect(span.status.code).toBe(SpanStatusCode.OK);
  return span;
}

/** The only finished span, which ended as an error: of this `error.type`, when given. */
export function onlyErrorSpan(spans: readonly ReadableSpan[], errorType?: string): ReadableSpan {
  const span = onlySpan(spans);
  expect(span.status.code).toBe(SpanStatusCode.ERROR);
  if (errorType !== undefined) expect(span.attributes['error.type']).toBe(errorType);
  return span;
}

/**
 * A stream the caller stopped (`cancelled`, `aborted`): status unset, no error, and what it delivered
 * kept as content (not under `portobserve.failed.*`), so OpenObserve can estimate its tokens.
 */
export function expectStoppedByCaller(span: ReadableSpan, end: 'cancelled' | 'aborted'): void {
  expect(span.attributes['portobserve.stream.end']).toBe(end);
  expect(span.status.code).toBe(SpanStatusCode.UNSET);
  expect(span.attributes['error.type']).toBeUndefined();
  expect(span.events.map((event) => event.name)).not.toContain('exception');
  expect(span.attributes['gen_ai.output.messages']).toBeTypeOf('string');
  expect(Object.keys(span.attributes).filter((key) => key.startsWith('portobserve.failed.'))).toEqual([]);
}

/** Waits until the client aborted the first request the fake upstream received. */
export function waitForUpstreamAbort(fake: FakeOpenAI): Promise<void> {
  return waitFor(
    () => fake.requests[0]?.aborted === true,
    2000,
    () => 'upstream request never aborted',
  );
}

/** Reads a streamed chat completion to its end; the text of its deltas. */
export async function streamedText(
  stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>,
): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
  return text;
}

/** A strict structured-output schema of `{ name: string }`: the fake answers `{"name":"sample"}`. */
export const nameSchema = {
  name: 'city',
  strict: true,
  schema: {
    type: 'object',
    properties: { name: { type: 'string' } },
    required: ['name'],
    additionalProperties: false,
  },
};

/** A user message. */
export function user(content: string) {
  return { role: 'user' as const, content };
}

/** Long enough answer text that a slow stream has many chunks. */
export function manyWords(count: number): string {
  return Array.from({ length: count }, (_, index) => `word${index}`).join(' ');
}

/** A message of `gen_ai.input.messages` / `gen_ai.output.messages` (role + content, OpenAI's chat shape). */
export interface RecordedMessage {
  role: string;
  content: unknown;
  name?: string;
  tool_call_id?: string;
  tool_calls?: Array<{ id?: string; type: string; function: { name?: string; arguments?: string } }>;
  finish_reason?: string;
}

/** The parsed `gen_ai.input.messages` or `gen_ai.output.messages` of a span (failing when absent). */
export function recordedMessages(span: ReadableSpan, side: 'input' | 'output'): RecordedMessage[] {
  const json = span.attributes[`gen_ai.${side}.messages`];
  expect(typeof json, `gen_ai.${side}.messages is a JSON string`).toBe('string');
  return JSON.parse(json as string) as RecordedMessage[];
}

/** The text of the first answer message in `gen_ai.output.messages`. */
export function outputText(span: ReadableSpan): unknown {
  return recordedMessages(span, 'output')[0]?.content;
}
