import { readEnvBoolean } from '../openobserve/read-env.js';

/** What message content may go on a span, decided once per `instrumentOpenAI` call. */
export interface ContentPolicy {
  /** Record prompts, tool schemas and `input.value`. */
  captureInputs: boolean;
  /** Record completions, tool calls and `output.value`. */
  captureOutputs: boolean;
  /** Longest text kept in one attribute; longer text is cut and marked. */
  maxTextLength: number;
}

/** Default for {@link ContentPolicy.maxTextLength}: 16 000 characters per attribute. */
export const DEFAULT_MAX_TEXT_LENGTH = 16_000;

/**
 * Content is captured by default. `captureContent: false` or `OPENOBSERVE_CAPTURE_CONTENT=false` turns
 * all of it off; `OPENINFERENCE_HIDE_INPUTS` / `OPENINFERENCE_HIDE_OUTPUTS` turn off one side.
 */
export function resolveContentPolicy(
  options: { captureContent?: boolean; maxTextLength?: number },
  env: Record<string, string | undefined> = process.env,
): ContentPolicy {
  const capture =
    options.captureContent ??
    readEnvBoolean(env, 'OPENOBSERVE_CAPTURE_CONTENT', 'INVALID_CAPTURE_CONTENT') ??
    true;
  const hideInputs = readEnvBoolean(env, 'OPENINFERENCE_HIDE_INPUTS', 'INVALID_CAPTURE_CONTENT') ?? false;
  const hideOutputs = readEnvBoolean(env, 'OPENINFERENCE_HIDE_OUTPUTS', 'INVALID_CAPTURE_CONTENT') ?? false;
  const maxTextLength = options.maxTextLength ?? DEFAULT_MAX_TEXT_LENGTH;
  if (!Number.isInteger(maxTextLength) || maxTextLength < 16) {
    throw new RangeError(
      `instrumentOpenAI maxTextLength=${maxTextLength} must be a whole number of at least 16.`,
    );
  }
  return { captureInputs: capture && !hideInputs, captureOutputs: capture && !hideOutputs, maxTextLength };
}
