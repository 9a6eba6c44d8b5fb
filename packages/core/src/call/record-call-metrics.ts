import {
  type Attributes,
  type Counter,
  createNoopMeter,
  type Histogram,
  type MeterProvider,
  metrics,
  ValueType,
} from '@opentelemetry/api';
import { attempt } from '../mapping/attempt.js';
import { GEN_AI } from '../mapping/attribute-names.js';
import { resolveSemconvStability } from '../settings/semconv-stability.js';
import { CORE_VERSION } from '../version.js';
import type { CallFacts } from './call-facts.js';
import {
  DURATION_BUCKETS_SECONDS,
  GEN_AI_LATEST_TOKEN_METRICS,
  GEN_AI_METRIC_ATTRIBUTES,
  GEN_AI_METRICS,
  TOKEN_BUCKETS,
} from './genai-metric-names.js';

const METER_NAME = '@portobserve/core';

interface LatestTokenInstruments {
  usageInput: Counter;
  usageOutput: Counter;
  usageCacheRead: Counter;
  usageReasoning: Counter;
  operationInput: Histogram;
  operationOutput: Histogram;
}

interface CallInstruments {
  duration: Histogram;
  timeToFirstChunk: Histogram;
  /** `gen_ai.client.token.usage`, unless the latest names were asked for. */
  tokenUsage: Histogram | undefined;
  latest: LatestTokenInstruments | undefined;
}

/** The instruments of the current global meter provider; rebuilt only when that provider changes. */
let instrumentsFor: MeterProvider | undefined;
let instruments: CallInstruments | undefined;

/**
 * Whether a `MeterProvider` is registered that GenAI client metrics can be recorded on: a call keeps
 * its {@link CallFacts} only then. Allocates nothing. Never throws.
 */
export function callMetricsEnabled(): boolean {
  return currentInstruments() !== undefined;
}

/**
 * Records one finished LLM call on the GenAI client metrics, from the facts the call kept as it wrote
 * its span (operation, provider, models, server, tokens, time to first chunk, `error.type`), whether
 * or not the span was recorded. Called once per call, where the call ends, by both instrumentation
 * paths. The meter comes from the global `MeterProvider` (`openobserveInit`'s, or the app's own); with
 * none registered this returns at once. Never throws.
 */
export function recordCallMetrics(facts: CallFacts, startedAt: number): void {
  const current = currentInstruments();
  if (!current) return;
  const durationSeconds = (performance.now() - startedAt) / 1000;
  attempt('the GenAI metrics', () => record(current, facts, durationSeconds));
}

function currentInstruments(): CallInstruments | undefined {
  const provider = metrics.getMeterProvider();
  if (provider !== instrumentsFor) {
    instrumentsFor = provider;
    instruments = undefined;
    attempt('the GenAI metrics', () => {
      instruments = createInstruments(provider);
    });
  }
  return instruments;
}

function createInstruments(provider: MeterProvider): CallInstruments | undefined {
  const meter = provider.getMeter(METER_NAME, CORE_VERSION);
  // No MeterProvider registered (or a shut-down one): nothing to record, nothing to allocate per call.
  if (meter === createNoopMeter()) return undefined;
  const duration = meter.createHistogram(GEN_AI_METRICS.operationDuration, {
    description: 'GenAI operation duration.',
    unit: 's',
    advice: { explicitBucketBoundaries: [...DURATION_BUCKETS_SECONDS] },
  });
  const timeToFirstChunk = meter.createHistogram(GEN_AI_METRICS.timeToFirstChunk, {
    description:
      'Time to receive the first chunk, measured from when the client issues the generation request to when the first chunk is received in the response stream.',
    unit: 's',
    advice: { explicitBucketBoundaries: [...DURATION_BUCKETS_SECONDS] },
  });
  const tokenHistogram = (name: string, description: string): Histogram =>
    meter.createHistogram(name, {
      description,
      unit: '{token}',
      valueType: ValueType.INT,
      advice: { explicitBucketBoundaries: [...TOKEN_BUCKETS] },
    });
  const tokenCounter = (name: string, description: string): Counter =>
    meter.createCounter(name, { description, unit: '{token}', valueType: ValueType.INT });

  // Process-wide, like the instruments: from the process environment, never one call's settings.
  if (!resolveSemconvStability().genAILatestExperimental) {
    return {
      duration,
      timeToFirstChunk,
      tokenUsage: tokenHistogram(GEN_AI_METRICS.tokenUsage, 'Number of input and output tokens used.'),
      latest: undefined,
    };
  }
  const names = GEN_AI_LATEST_TOKEN_METRICS;
  return {
    duration,
    timeToFirstChunk,
    tokenUsage: undefined,
    latest: {
      usageInput: tokenCounter(
        names.usageInputTokens,
        'The number of input (prompt) tokens used, including cached tokens.',
      ),
      usageOutput: tokenCounter(
        names.usageOutputTokens,
        'The number of output (completion) tokens used, including reasoning tokens.',
      ),
      usageCacheRead: tokenCounter(
        names.usageCacheReadInputTokens,
        'The number of input tokens served from a provider-managed cache.',
      ),
      usageReasoning: tokenCounter(
        names.usageReasoningOutputTokens,
        'The number of output tokens used for reasoning (e.g. chain-of-thought, extended thinking).',
      ),
      operationInput: tokenHistogram(
        names.operationInputTokens,
        'The number of input (prompt) tokens used per inference operation.',
      ),
      operationOutput: tokenHistogram(
        names.operationOutputTokens,
        'The number of output (completion) tokens used per inference operation.',
      ),
    },
  };
}

function record(instruments: CallInstruments, facts: CallFacts, durationSeconds: number): void {
  const shared = facts.shared;
  if (typeof shared[GEN_AI.operationName] !== 'string') return;
  const errorType = facts.errorType;
  const withError: Attributes =
    errorType === undefined ? shared : { ...shared, [GEN_AI.errorType]: errorType };
  instruments.duration.record(durationSeconds, withError);

  const timeToFirstChunk = facts.timeToFirstChunk;
  if (timeToFirstChunk !== undefined) instruments.timeToFirstChunk.record(timeToFirstChunk, shared);

  const input = numberOrUndefined(facts.inputTokens);
  const output = numberOrUndefined(facts.outputTokens);
  if (instruments.tokenUsage) {
    const { tokenType } = GEN_AI_METRIC_ATTRIBUTES;
    if (input !== undefined) instruments.tokenUsage.record(input, { ...shared, [tokenType]: 'input' });
    if (output !== undefined) instruments.tokenUsage.record(output, { ...shared, [tokenType]: 'output' });
  }
  const latest = instruments.latest;
  if (latest) {
    // Every call is recorded, failed ones too: 0 when no usage came back (as the conventions ask).
    // The provider does not break usage down by modality, so it is `unknown`.
    const byModality: Attributes = { ...shared, [GEN_AI_METRIC_ATTRIBUTES.tokenModality]: 'unknown' };
    latest.usageInput.add(input ?? 0, byModality);
    latest.usageOutput.add(output ?? 0, byModality);
    latest.usageCacheRead.add(numberOrUndefined(facts.cacheReadInputTokens) ?? 0, byModality);
    latest.usageReasoning.add(numberOrUndefined(facts.reasoningOutputTokens) ?? 0, byModality);
    latest.operationInput.record(input ?? 0, withError);
    latest.operationOutput.record(output ?? 0, withError);
  }
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
