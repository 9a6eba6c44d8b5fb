import type { TracerProvider } from '@opentelemetry/api';
import type { ModelPriceTable } from '../pricing/model-price.js';

/**
 * Which attribute vocabulary carries prompts and completions.
 * - `genai` (default): `gen_ai.input.messages`, `gen_ai.output.messages`, `gen_ai.system_instructions`
 *   and `gen_ai.tool.definitions`, JSON arrays of role + content messages: what OpenObserve reads first
 *   and renders.
 * - `openinference`: OpenInference's flattened `llm.input_messages.*` / `llm.output_messages.*`,
 *   `llm.tools.*`, `input.value` and `output.value` (the raw request and answer).
 * - `both`: all of the above (larger spans).
 *
 * @example
 * ```ts
 * const format: ContentFormat = 'both';
 * instrumentOpenAI({ contentFormat: format });
 * ```
 */
export type ContentFormat = 'genai' | 'openinference' | 'both';

/**
 * Settings of `instrumentOpenAI`. Options beat environment variables.
 *
 * @example
 * ```ts
 * const options: InstrumentOpenAIOptions = { captureContent: false, prices: { 'my-model': { input: 1e-6, output: 2e-6 } } };
 * instrumentOpenAI(options);
 * ```
 */
export interface InstrumentOpenAIOptions {
  /**
   * Record prompts and completions (default true). `false`, or `OPENOBSERVE_CAPTURE_CONTENT=false`,
   * records none; `OPENINFERENCE_HIDE_INPUTS` / `OPENINFERENCE_HIDE_OUTPUTS` hide one side.
   * A later `instrumentOpenAI` call can turn content off, never back on.
   */
  captureContent?: boolean;
  /** Where content goes (default `genai`); `OPENOBSERVE_CONTENT_FORMAT`. See {@link ContentFormat}. */
  contentFormat?: ContentFormat;
  /**
   * Also write each fact under its OpenInference name (default true): `llm.model_name`, `llm.system`,
   * `llm.provider`, `openinference.span.kind`, `llm.invocation_parameters`, `llm.token_count.*`,
   * `llm.cost.*`, `embedding.model_name` and `llm.request.parameters.model`, beside the `gen_ai.*`
   * names. They make the `llm_*` columns (the seed table's) and serve OpenInference readers such as
   * Phoenix. `false`, or `OPENOBSERVE_OPENINFERENCE_ATTRIBUTES=false`, sends the GenAI names only: 16
   * attributes instead of 30 and a third fewer OTLP bytes on a plain call without content. Our
   * dashboards and alerts query only `gen_ai_*` columns, which every OpenObserve version fills from
   * the GenAI names. Session, user, metadata and tags are always written; content follows
   * `contentFormat`.
   */
  openInferenceAttributes?: boolean;
  /** Longest text per attribute, in characters (default 16 000); longer text is cut and marked. */
  maxTextLength?: number;
  /**
   * Ask for `stream_options.include_usage` on streamed Chat Completions and Completions, so streamed
   * calls get token counts (default true). The extra usage-only chunk is kept out of your iteration
   * unless you asked for usage yourself. `false` sends your request as it is.
   */
  includeStreamUsage?: boolean;
  /** Extra or replacement prices, USD per token, by model name: `{ 'my-model': { input, output } }`. */
  prices?: ModelPriceTable;
  /**
   * A response or stream that nobody reads ends its span after this many milliseconds without
   * activity (default 60 000). Streams that are dropped end when they are garbage collected.
   */
  idleTimeoutMs?: number;
  /**
   * Base URLs of Portkey gateways besides `https://api.portkey.ai` and `PORTKEY_BASE_URL`: requests to
   * them are traced at the transport even without `x-portkey-*` headers (app-wide call only).
   */
  gatewayURLs?: readonly string[];
  /** The provider LLM spans are made with (default: the global one, as `openobserveInit` registers it). */
  tracerProvider?: TracerProvider;
  /**
   * Throw on a bad setting instead of logging it and tracing without content (default false;
   * `OPENOBSERVE_STRICT=true`), as `openobserveInit`'s `strict`.
   */
  strict?: boolean;
}
