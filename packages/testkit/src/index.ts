export { startFakeOpenAI } from './fake-openai/start-fake-openai.js';
export type { FakeOpenAI, FakeOpenAIScenario, RecordedUpstreamRequest } from './fake-openai/start-fake-openai.js';
export { startOpenObserve } from './openobserve-double/start-openobserve.js';
export type {
  OpenObserveDouble,
  OpenObserveDoubleOptions,
  OpenObserveRow,
  RecordedIngestRequest,
} from './openobserve-double/start-openobserve.js';
export { formatOpenObserveKey } from './openobserve-double/format-key.js';
export { startPortkeyGateway, portkeyRoutingHeaders } from './portkey-gateway/start-portkey-gateway.js';
export type { PortkeyGateway } from './portkey-gateway/start-portkey-gateway.js';
