import { type Tracer, type TracerProvider, trace } from '@opentelemetry/api';
import { OpenObserveConfigError } from '../errors.js';
import { type Environment, readEnvBoolean, readEnvString } from '../openobserve/read-env.js';
import { setUpOrFallBack } from '../openobserve/setup-failure.js';
import type { ModelPriceTable } from '../pricing/model-price.js';
import { CORE_VERSION } from '../version.js';
import type { ContentFormat, InstrumentOpenAIOptions } from './instrument-openai-options.js';
import { resolveSemconvStability } from './semconv-stability.js';

/** What message content may go on a span, and in which vocabulary. */
export interface ContentSettings {
  /** Record prompts, system instructions and tool definitions. */
  captureInputs: boolean;
  /** Record completions and tool calls. */
  captureOutputs: boolean;
  /** Longest string attribute; longer text is cut and marked, JSON stays valid. */
  maxTextLength: number;
  /** GenAI JSON messages, OpenInference flattened messages, or both. */
  format: ContentFormat;
}

/**
 * Every setting of one `instrumentOpenAI` call after options, environment and defaults: the only
 * place they are read. Content settings can be tightened in place by other calls, never loosened.
 */
export interface InstrumentationSettings {
  readonly content: ContentSettings;
  /** Also write the OpenInference names of the facts that have a GenAI name (`OPENINFERENCE_DUPLICATES`). */
  readonly openInferenceAttributes: boolean;
  readonly includeStreamUsage: boolean;
  readonly prices: ModelPriceTable | undefined;
  readonly idleTimeoutMs: number;
  /** Also write the deprecated `gen_ai.system` (`OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai/dup`). */
  readonly deprecatedGenAISystem: boolean;
  readonly gatewayURLs: readonly string[];
  /** The tracer LLM spans are started with. */
  tracer(): Tracer;
}

/** Default for {@link ContentSettings.maxTextLength}: 16 000 characters per attribute. */
export const DEFAULT_MAX_TEXT_LENGTH = 16_000;
const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
const CONTENT_FORMATS: readonly ContentFormat[] = ['genai', 'openinference', 'both'];
const TRACER_NAME = '@portobserve/core';

/**
 * Applies options over environment variables over defaults, and throws an error naming the setting
 * for anything unusable.
 */
export function resolveInstrumentationSettings(
  options: InstrumentOpenAIOptions = {},
  env: Environment = process.env,
): InstrumentationSettings {
  const capture =
    options.captureContent ??
    readEnvBoolean(env, 'OPENOBSERVE_CAPTURE_CONTENT', 'INVALID_CAPTURE_CONTENT') ??
    true;
  const hideInputs = readEnvBoolean(env, 'OPENINFERENCE_HIDE_INPUTS', 'INVALID_CAPTURE_CONTENT') ?? false;
  const hideOutputs = readEnvBoolean(env, 'OPENINFERENCE_HIDE_OUTPUTS', 'INVALID_CAPTURE_CONTENT') ?? false;
  const maxTextLength = options.maxTextLength ?? DEFAULT_MAX_TEXT_LENGTH;
  if (!Number.isInteger(maxTextLength) || maxTextLength < 64) {
    throw new RangeError(
      `instrumentOpenAI maxTextLength=${maxTextLength} must be a whole number of characters, at least 64 (default 16000).`,
    );
  }
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  if (!Number.isFinite(idleTimeoutMs) || idleTimeoutMs <= 0) {
    throw new RangeError(
      `instrumentOpenAI idleTimeoutMs=${idleTimeoutMs} must be a number of milliseconds above 0 (default 60000).`,
    );
  }
  return {
    content: {
      captureInputs: capture && !hideInputs,
      captureOutputs: capture && !hideOutputs,
      maxTextLength,
      format: resolveContentFormat(options.contentFormat, env),
    },
    openInferenceAttributes: resolveOpenInferenceAttributes(options.openInferenceAttributes, env),
    includeStreamUsage: options.includeStreamUsage ?? true,
    prices: options.prices,
    idleTimeoutMs,
    deprecatedGenAISystem: resolveSemconvStability(env).duplicateGenAISystem,
    gatewayURLs: resolveGatewayURLs(options.gatewayURLs, env),
    tracer: tracerOf(options.tracerProvider),
  };
}

/**
 * {@link resolveInstrumentationSettings} from `process.env`, but a bad setting never takes the app down:
 * it is logged once per process (through `setUpOrFallBack`, as the export's are), naming the setting and
 * the fix, and calls are traced without content (nothing is recorded that the setting may have tried to
 * hide) and with the defaults otherwise. `OPENOBSERVE_STRICT=true` (or `strict: true`) throws.
 */
export function resolveInstrumentationSettingsOrFallBack(
  options: InstrumentOpenAIOptions = {},
): InstrumentationSettings {
  return setUpOrFallBack(
    options,
    () => resolveInstrumentationSettings(options),
    () =>
      resolveInstrumentationSettings({ captureContent: false, tracerProvider: options.tracerProvider }, {}),
    'instrumentation',
  );
}

/**
 * The options other than content limits on which two calls' settings differ (content limits follow
 * their own rule: see `registerContentSettings`).
 */
export function differingOptions(first: InstrumentationSettings, second: InstrumentationSettings): string[] {
  const differing: string[] = [];
  if (first.content.format !== second.content.format) differing.push('contentFormat');
  if (first.openInferenceAttributes !== second.openInferenceAttributes)
    differing.push('openInferenceAttributes');
  if (first.includeStreamUsage !== second.includeStreamUsage) differing.push('includeStreamUsage');
  if (first.idleTimeoutMs !== second.idleTimeoutMs) differing.push('idleTimeoutMs');
  if (first.prices !== second.prices) differing.push('prices');
  if (first.gatewayURLs.join() !== second.gatewayURLs.join()) differing.push('gatewayURLs');
  return differing;
}

function resolveContentFormat(option: ContentFormat | undefined, env: Environment): ContentFormat {
  if (option !== undefined) {
    if (!CONTENT_FORMATS.includes(option)) {
      throw new OpenObserveConfigError(
        'INVALID_CONTENT_FORMAT',
        `instrumentOpenAI contentFormat="${String(option)}" is not one of ${CONTENT_FORMATS.join(', ')}.`,
      );
    }
    return option;
  }
  const raw = readEnvString(env, 'OPENOBSERVE_CONTENT_FORMAT')?.toLowerCase();
  if (raw === undefined) return 'genai';
  if (CONTENT_FORMATS.includes(raw as ContentFormat)) return raw as ContentFormat;
  throw new OpenObserveConfigError(
    'INVALID_CONTENT_FORMAT',
    `OPENOBSERVE_CONTENT_FORMAT="${raw}" is not one of ${CONTENT_FORMATS.join(', ')}: unset it for genai.`,
  );
}

function resolveOpenInferenceAttributes(option: boolean | undefined, env: Environment): boolean {
  if (option === undefined) {
    return (
      readEnvBoolean(env, 'OPENOBSERVE_OPENINFERENCE_ATTRIBUTES', 'INVALID_OPENINFERENCE_ATTRIBUTES') ?? true
    );
  }
  if (typeof option !== 'boolean') {
    throw new OpenObserveConfigError(
      'INVALID_OPENINFERENCE_ATTRIBUTES',
      `instrumentOpenAI openInferenceAttributes=${JSON.stringify(option)} must be true or false (default true).`,
    );
  }
  return option;
}

/** Portkey's hosted gateway, `PORTKEY_BASE_URL` and the option's URLs, as lower-case origin + path prefixes. */
function resolveGatewayURLs(option: readonly string[] | undefined, env: Environment): string[] {
  const urls = new Set(['https://api.portkey.ai/']);
  for (const raw of [...(option ?? []), readEnvString(env, 'PORTKEY_BASE_URL')]) {
    if (!raw) continue;
    try {
      const url = new URL(raw);
      urls.add(`${url.origin}${url.pathname.replace(/\/+$/, '')}/`.toLowerCase());
    } catch {
      throw new OpenObserveConfigError(
        'INVALID_GATEWAY_URL',
        `Portkey gateway URL "${raw}" (gatewayURLs or PORTKEY_BASE_URL) is not a URL: use e.g. http://localhost:8787/v1.`,
      );
    }
  }
  return [...urls];
}

function tracerOf(provider: TracerProvider | undefined): () => Tracer {
  if (provider) {
    const tracer = provider.getTracer(TRACER_NAME, CORE_VERSION);
    return () => tracer;
  }
  // The global provider can be replaced (tests, a late openobserveInit): follow it on each call, but
  // ask it for a tracer only when it changed (the API's global is a proxy; its delegate is the provider).
  let cachedGlobal: unknown;
  let cachedDelegate: unknown;
  let cached: Tracer | undefined;
  return () => {
    const global = trace.getTracerProvider() as TracerProvider & { getDelegate?: () => TracerProvider };
    const delegate = typeof global.getDelegate === 'function' ? global.getDelegate() : global;
    if (cached === undefined || global !== cachedGlobal || delegate !== cachedDelegate) {
      cached = trace.getTracer(TRACER_NAME, CORE_VERSION);
      cachedGlobal = global;
      cachedDelegate = delegate;
    }
    return cached;
  };
}
