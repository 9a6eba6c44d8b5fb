export type { CapturedOutput } from './child-process/capture-output.js';
export { captureOutput } from './child-process/capture-output.js';
export type {
  FakeOpenAI,
  FakeOpenAIScenario,
  RecordedUpstreamRequest,
} from './fake-openai/start-fake-openai.js';
export { startFakeOpenAI } from './fake-openai/start-fake-openai.js';
export type { LocalStack } from './local-stack/start-local-stack.js';
export { startLocalStack } from './local-stack/start-local-stack.js';
export type { ScriptedResponse } from './openobserve-double/scripted-responses.js';
export type {
  OpenObserveDouble,
  OpenObserveDoubleOptions,
  OpenObserveRow,
  RecordedIngestRequest,
} from './openobserve-double/start-openobserve.js';
export { startOpenObserve } from './openobserve-double/start-openobserve.js';
export type { PortkeyGateway } from './portkey-gateway/start-portkey-gateway.js';
export { portkeyRoutingHeaders, startPortkeyGateway } from './portkey-gateway/start-portkey-gateway.js';
export type { SecretFinding } from './secrets/find-secrets.js';
export { expectNoSecrets, findSecrets, secretForms } from './secrets/find-secrets.js';
export { ingestedText } from './secrets/ingested-text.js';
