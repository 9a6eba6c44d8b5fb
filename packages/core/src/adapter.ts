// `@portobserve/core/adapter`: what framework adapters (`@portobserve/express`, `@portobserve/next`, or
// your own) build on. Apps need none of it: they use the root export and an adapter.
export type { LLMContext } from './context/llm-context.js';
export { attachLLMContext, contextWithLLMContext } from './context/llm-context.js';
export { instrumentBundledOpenAI } from './openai/bundled-openai.js';
export { createWarnOnce, processWideKinds } from './openobserve/warn-once.js';
export type { NodeRequestRecord } from './server/node-request-records.js';
export { nodeRequestRecord, requestTraceOf } from './server/node-request-records.js';
export type { AdapterDetails, RequestTrace } from './server/request-trace.js';
export type {
  LLMContextOption,
  RequestTracingOptions,
  ServerRequestInfo,
  ServerSpanOptions,
} from './server/server-request.js';
export { serverRootWatch, whenFrameworkRootEnds } from './server/server-root-ends.js';
export type { ServerRequestSpan } from './server/start-server-span.js';
export { startServerSpan } from './server/start-server-span.js';
export { traceFetchRequest } from './server/trace-fetch-request.js';
export type { NodeRequestDetails } from './server/trace-node-request.js';
export { traceNodeRequest, urlPath } from './server/trace-node-request.js';
export { callSafely } from './server/user-callback.js';
export { sendThroughGlobalFetch } from './transport/send-through-global-fetch.js';
export { withTraceHeaders } from './transport/trace-headers.js';
