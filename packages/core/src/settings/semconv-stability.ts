import { type Environment, readEnvString } from '../openobserve/read-env.js';

/** What `OTEL_SEMCONV_STABILITY_OPT_IN` asks of the GenAI semantic conventions. */
export interface SemconvStability {
  /** `gen_ai/dup`: also write the deprecated `gen_ai.system` next to `gen_ai.provider.name`. */
  readonly duplicateGenAISystem: boolean;
  /**
   * `gen_ai_latest_experimental`: record the token metrics under the conventions' latest (unreleased)
   * names instead of `gen_ai.client.token.usage`.
   */
  readonly genAILatestExperimental: boolean;
}

const DUPLICATE_GEN_AI_SYSTEM = 'gen_ai/dup';
const GEN_AI_LATEST_EXPERIMENTAL = 'gen_ai_latest_experimental';

let parsedFrom: string | undefined;
let parsed: SemconvStability | undefined;

/**
 * The one reader of `OTEL_SEMCONV_STABILITY_OPT_IN` (comma-separated words, any case). It is read
 * where it is needed: by each `instrumentOpenAI` settings resolution, and by the GenAI metrics when
 * they create their instruments for a newly registered `MeterProvider` (those are process-wide, so
 * they follow the process environment, never one call's settings). The value is parsed once and kept
 * until the variable changes.
 *
 * @example
 * ```ts
 * resolveSemconvStability({ OTEL_SEMCONV_STABILITY_OPT_IN: 'http, gen_ai/dup' });
 * // { duplicateGenAISystem: true, genAILatestExperimental: false }
 * ```
 */
export function resolveSemconvStability(env: Environment = process.env): SemconvStability {
  const raw = readEnvString(env, 'OTEL_SEMCONV_STABILITY_OPT_IN') ?? '';
  if (parsed && raw === parsedFrom) return parsed;
  const words = new Set(raw.split(',').map((word) => word.trim().toLowerCase()));
  parsed = Object.freeze({
    duplicateGenAISystem: words.has(DUPLICATE_GEN_AI_SYSTEM),
    genAILatestExperimental: words.has(GEN_AI_LATEST_EXPERIMENTAL),
  });
  parsedFrom = raw;
  return parsed;
}
