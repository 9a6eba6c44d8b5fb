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
export {
  dashboardImportProblems,
  PANEL_TYPES,
} from './openobserve-double/management/dashboard-import-rules.js';
export type { AlertEvaluation } from './openobserve-double/management/evaluate-alerts.js';
export type { ScriptedResponse } from './openobserve-double/scripted-responses.js';
export type {
  MetricsDoubleApi,
  OpenObserveDouble,
  OpenObserveDoubleOptions,
  OpenObserveRow,
  RecordedIngestRequest,
  RecordedMetricsRequest,
} from './openobserve-double/start-openobserve.js';
export { startOpenObserve } from './openobserve-double/start-openobserve.js';
export type { PromqlReads } from './openobserve-promql/promql-reads.js';
export { promqlReads } from './openobserve-promql/promql-reads.js';
export type { SqlReads } from './openobserve-sql/columns-read-by.js';
export { sqlReads } from './openobserve-sql/columns-read-by.js';
export type { RunOpenObserveSqlOptions, SqlResultRow } from './openobserve-sql/run-openobserve-sql.js';
export { runOpenObserveSql } from './openobserve-sql/run-openobserve-sql.js';
export type { PortkeyGateway } from './portkey-gateway/start-portkey-gateway.js';
export { portkeyRoutingHeaders, startPortkeyGateway } from './portkey-gateway/start-portkey-gateway.js';
export type { SecretFinding } from './secrets/find-secrets.js';
export { expectNoSecrets, findSecrets, secretForms } from './secrets/find-secrets.js';
export { ingestedText } from './secrets/ingested-text.js';
