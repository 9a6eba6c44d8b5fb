import { randomId } from './ids.js';
import { sampleJsonForSchema } from './json-schema-sample.js';
import type { FakeOpenAIScenario } from './types.js';

/** Answer text when the scenario gives none. */
export const DEFAULT_CONTENT = 'Hello from the fake upstream.';

/** A tool call the fake answers with, ids assigned. */
export interface PlannedToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** What the fake says: either text or tool calls. */
export type PlannedAnswer = { kind: 'text'; text: string } | { kind: 'tools'; calls: PlannedToolCall[] };

/**
 * Decide the answer: the scenario's tool calls when it has some, else the scenario's content, else
 * JSON matching the requested schema (structured output), else the default sentence.
 *
 * @example
 * ```ts
 * planAnswer({ content: 'Hi' }, undefined); // { kind: 'text', text: 'Hi' }
 * ```
 */
export function planAnswer(
  scenario: FakeOpenAIScenario,
  jsonSchema: { schema: unknown } | undefined,
): PlannedAnswer {
  if (scenario.toolCalls !== undefined && scenario.toolCalls.length > 0) {
    return {
      kind: 'tools',
      calls: scenario.toolCalls.map((call) => ({
        id: randomId('call_'),
        name: call.name,
        arguments: call.arguments,
      })),
    };
  }
  if (scenario.content !== undefined) return { kind: 'text', text: scenario.content };
  if (jsonSchema !== undefined) return { kind: 'text', text: sampleJsonForSchema(jsonSchema.schema) };
  return { kind: 'text', text: DEFAULT_CONTENT };
}

/**
 * The text whose words count as completion tokens.
 *
 * @example
 * ```ts
 * answerText({ kind: 'text', text: 'Hi there' }); // 'Hi there'
 * ```
 */
export function answerText(answer: PlannedAnswer): string {
  return answer.kind === 'text'
    ? answer.text
    : answer.calls.map((call) => `${call.name} ${call.arguments}`).join(' ');
}
