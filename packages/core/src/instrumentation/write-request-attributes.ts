import type { Attributes } from '@opentelemetry/api';
import { getLLMContext } from '../context/llm-context.js';
import { GEN_AI, OI } from './attribute-names.js';
import type { LLMOperation, MappingSettings } from './llm-operation.js';
import { PORTKEY, type PortkeyRequestFacts } from './portkey-attributes.js';
import type { ServerIdentity } from './server-identity.js';

/** Attributes known before the request is sent: both vocabularies, the server, the LLM context. */
export function writeRequestAttributes(
  operation: LLMOperation,
  body: Record<string, unknown>,
  server: ServerIdentity,
  settings: MappingSettings,
  attributes: Attributes,
  portkey?: PortkeyRequestFacts,
): void {
  attributes[OI.spanKind] = operation.spanKind;
  attributes[OI.system] = 'openai';
  attributes[OI.provider] = server.provider;
  attributes[GEN_AI.operationName] = operation.operationName;
  attributes[GEN_AI.providerName] = server.provider;
  attributes[GEN_AI.system] = server.provider;
  if (server.address) attributes[GEN_AI.serverAddress] = server.address;
  if (server.port) attributes[GEN_AI.serverPort] = server.port;
  if (typeof body.model === 'string') {
    attributes[OI.modelName] = body.model;
    attributes[GEN_AI.requestModel] = body.model;
  }
  attributes[OI.invocationParameters] = invocationParameters(body, operation.contentKeys);
  writeSamplingParameters(body, attributes);
  writeLLMContext(attributes, portkey?.metadata);
  if (portkey?.configId) attributes[PORTKEY.configId] = portkey.configId;
  operation.writeRequestAttributes(body, settings, attributes);
}

function invocationParameters(body: Record<string, unknown>, contentKeys: ReadonlySet<string>): string {
  const parameters: Record<string, unknown> = {};
  for (const key in body) {
    if (!contentKeys.has(key) && body[key] !== undefined) parameters[key] = body[key];
  }
  try {
    return JSON.stringify(parameters);
  } catch {
    return JSON.stringify({ model: body.model });
  }
}

function writeSamplingParameters(body: Record<string, unknown>, attributes: Attributes): void {
  const maxTokens = body.max_completion_tokens ?? body.max_tokens ?? body.max_output_tokens;
  if (typeof maxTokens === 'number') attributes[GEN_AI.requestMaxTokens] = maxTokens;
  if (typeof body.temperature === 'number') attributes[GEN_AI.requestTemperature] = body.temperature;
  if (typeof body.top_p === 'number') attributes[GEN_AI.requestTopP] = body.top_p;
  if (typeof body.frequency_penalty === 'number')
    attributes[GEN_AI.requestFrequencyPenalty] = body.frequency_penalty;
  if (typeof body.presence_penalty === 'number')
    attributes[GEN_AI.requestPresencePenalty] = body.presence_penalty;
  if (typeof body.seed === 'number') attributes[GEN_AI.requestSeed] = body.seed;
  if (typeof body.n === 'number' && body.n !== 1) attributes[GEN_AI.requestChoiceCount] = body.n;
  const stop = body.stop;
  if (typeof stop === 'string') attributes[GEN_AI.requestStopSequences] = [stop];
  else if (Array.isArray(stop))
    attributes[GEN_AI.requestStopSequences] = stop.filter((s) => typeof s === 'string');
  const format = formatType(body);
  if (format) attributes[GEN_AI.outputType] = format === 'text' ? 'text' : 'json';
}

function formatType(body: Record<string, unknown>): string | undefined {
  const responseFormat = body.response_format as { type?: unknown } | undefined;
  if (typeof responseFormat?.type === 'string') return responseFormat.type;
  const text = body.text as { format?: { type?: unknown } } | undefined;
  return typeof text?.format?.type === 'string' ? text.format.type : undefined;
}

/** session, user and tags from `withLLMContext`; metadata from it merged over Portkey's request metadata. */
function writeLLMContext(attributes: Attributes, portkeyMetadata: Record<string, unknown> | undefined): void {
  const llmContext = getLLMContext();
  const metadata =
    portkeyMetadata || llmContext?.metadata ? { ...portkeyMetadata, ...llmContext?.metadata } : undefined;
  if (metadata && Object.keys(metadata).length > 0) attributes[OI.metadata] = JSON.stringify(metadata);
  if (!llmContext) return;
  if (llmContext.sessionId) attributes[OI.sessionId] = llmContext.sessionId;
  if (llmContext.userId) attributes[OI.userId] = llmContext.userId;
  if (llmContext.tags && llmContext.tags.length > 0) attributes[OI.tags] = llmContext.tags;
}
