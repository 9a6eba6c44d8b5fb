export type { LLMContext } from './context/llm-context.js';
export {
  attachLLMContext,
  contextWithLLMContext,
  getLLMContext,
  withLLMContext,
} from './context/llm-context.js';
export type { OpenObserveConfigErrorCode } from './errors.js';
export { OpenObserveConfigError, PortObserveError } from './errors.js';
export { instrumentBundledOpenAI } from './openai/bundled-openai.js';
export type { OpenAIClientLike, OpenAITarget } from './openai/instrument-openai.js';
export { instrumentOpenAI } from './openai/instrument-openai.js';
export type { OpenObserveExportStats } from './openobserve/export-stats.js';
export { flushTraces } from './openobserve/flush-traces.js';
export type { OpenObserveMetricsStats } from './openobserve/metrics-export-stats.js';
export type { OpenObserveHandle } from './openobserve/openobserve-init.js';
export { openobserveInit } from './openobserve/openobserve-init.js';
export type { OpenObserveMetricReader } from './openobserve/openobserve-metric-reader.js';
export { openobserveMetricReader } from './openobserve/openobserve-metric-reader.js';
export type { OpenObserveMetricsOptions } from './openobserve/openobserve-metrics-options.js';
export type { OpenObserveBatchOptions, OpenObserveOptions } from './openobserve/openobserve-options.js';
export type { OpenObserveSpanProcessor } from './openobserve/openobserve-span-processor.js';
export { openobserveSpanProcessor } from './openobserve/openobserve-span-processor.js';
export { isOpenObserveStrict } from './openobserve/resolve-openobserve-config.js';
export type { OpenObserveMetricsHandle } from './openobserve/start-metrics.js';
export type { ModelPrice, ModelPriceTable } from './pricing/model-price.js';
export { OPENAI_PRICES, OPENAI_PRICES_AS_OF } from './pricing/openai-prices.js';
export type { ServerRequestInfo, ServerSpanOptions } from './server/server-request.js';
export type { ServerRequestSpan } from './server/start-server-span.js';
export { startServerSpan } from './server/start-server-span.js';
export type { ContentFormat, InstrumentOpenAIOptions } from './settings/instrument-openai-options.js';
export type { TracedFetchOptions } from './transport/create-traced-fetch.js';
export { createTracedFetch } from './transport/create-traced-fetch.js';
