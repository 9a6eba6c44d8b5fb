import { describe, expect, it } from 'vitest';
import { resolveSemconvStability } from './semconv-stability.js';

describe('OTEL_SEMCONV_STABILITY_OPT_IN', () => {
  it('asks for nothing when unset', () => {
    expect(resolveSemconvStability({})).toEqual({
      duplicateGenAISystem: false,
      genAILatestExperimental: false,
    });
  });

  it('reads each GenAI word among others, in any case and spacing', () => {
    expect(resolveSemconvStability({ OTEL_SEMCONV_STABILITY_OPT_IN: 'http, GEN_AI/DUP' })).toEqual({
      duplicateGenAISystem: true,
      genAILatestExperimental: false,
    });
    expect(
      resolveSemconvStability({ OTEL_SEMCONV_STABILITY_OPT_IN: 'database,gen_ai_latest_experimental ' }),
    ).toEqual({ duplicateGenAISystem: false, genAILatestExperimental: true });
  });

  it('parses a value once, and again when it changes', () => {
    const env = { OTEL_SEMCONV_STABILITY_OPT_IN: 'gen_ai/dup' };
    const first = resolveSemconvStability(env);
    expect(resolveSemconvStability({ ...env })).toBe(first);
    env.OTEL_SEMCONV_STABILITY_OPT_IN = 'gen_ai_latest_experimental';
    expect(resolveSemconvStability(env)).toMatchObject({ genAILatestExperimental: true });
  });
});
