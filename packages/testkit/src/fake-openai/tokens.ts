import type { FakeOpenAIScenario } from './types.js';

/**
 * Number of whitespace-separated words in `text`.
 *
 * @example
 * ```ts
 * countWords('  one two   three '); // 3
 * ```
 */
export function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}

/** Deterministic token counts of one exchange, after the scenario's overrides. */
export interface TokenCounts {
  prompt: number;
  completion: number;
  total: number;
  cached: number;
  reasoning: number;
}

/**
 * Token counts: prompt = words of all input text (min 1), completion = words of the answer,
 * each replaceable by `scenario.usage`.
 *
 * @example
 * ```ts
 * tokenCounts(['Say hello'], 'Hello there', {}); // { prompt: 2, completion: 2, total: 4, ... }
 * ```
 */
export function tokenCounts(
  promptTexts: readonly string[],
  answerText: string,
  scenario: FakeOpenAIScenario,
): TokenCounts {
  const words = promptTexts.reduce((sum, text) => sum + countWords(text), 0);
  const prompt = scenario.usage?.promptTokens ?? Math.max(1, words);
  const completion = scenario.usage?.completionTokens ?? countWords(answerText);
  return {
    prompt,
    completion,
    total: prompt + completion,
    cached: scenario.usage?.cachedTokens ?? 0,
    reasoning: scenario.usage?.reasoningTokens ?? 0,
  };
}

/**
 * Chat / legacy completions `usage` object.
 *
 * @example
 * ```ts
 * chatUsage(tokenCounts(['hi'], 'hello', {})).total_tokens; // 2
 * ```
 */
export function chatUsage(counts: TokenCounts): Record<string, unknown> {
  return {
    prompt_tokens: counts.prompt,
    completion_tokens: counts.completion,
    total_tokens: counts.total,
    prompt_tokens_details: { cached_tokens: counts.cached, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: counts.reasoning,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

/**
 * Responses API `usage` object.
 *
 * @example
 * ```ts
 * responsesUsage(tokenCounts(['hi'], 'hello', {})).input_tokens; // 1
 * ```
 */
export function responsesUsage(counts: TokenCounts): Record<string, unknown> {
  return {
    input_tokens: counts.prompt,
    input_tokens_details: { cached_tokens: counts.cached },
    output_tokens: counts.completion,
    output_tokens_details: { reasoning_tokens: counts.reasoning },
    total_tokens: counts.total,
  };
}
