import type { Attributes } from '@opentelemetry/api';
import { cutText } from '../content/limit-text.js';
import { toLimitedJson } from '../content/to-limited-json.js';
import { writeInputContent } from '../content/write-content.js';
import { getLLMContext } from '../context/llm-context.js';
import type { InstrumentationSettings } from '../settings/instrumentation-settings.js';
import { attempt } from './attempt.js';
import { GEN_AI, OI } from './attribute-names.js';
import type { LLMOperation } from './llm-operation.js';
import { PORTKEY, type PortkeyRequestFacts } from './portkey-attributes.js';
import type { ServerIdentity } from './server-identity.js';

/** Longest `llm.invocation_parameters` / `metadata` JSON, whatever `maxTextLength` says. */
const MAX_PARAMETERS_LENGTH = 4096;
const MAX_TAGS = 32;

/**
 * Attributes known before the request is sent: both vocabularies, the server and the LLM context in
 * `attributes`, the request's content (as the settings allow) in `content`. Each part is computed on
 * its own: a part that fails is left out and the others stay.
 */
export function writeRequestAttributes(
  operation: LLMOperation,
  body: Record<string, unknown>,
  server: ServerIdentity,
  settings: InstrumentationSettings,
  attributes: Attributes,
  content: Attributes,
  portkey: PortkeyRequestFacts | undefined,
): void {
  const limit = settings.content.maxTextLength;
  attributes[OI.spanKind] = operation.spanKind;
  attributes[OI.system] = 'openai';
  attributes[OI.provider] = server.provider;
  attributes[GEN_AI.operationName] = operation.operationName;
  attributes[GEN_AI.providerName] = server.provider;
  if (settings.deprecatedGenAISystem) attributes[GEN_AI.system] = server.provider;
  if (server.address) attributes[GEN_AI.serverAddress] = server.address;
  if (server.port) attributes[GEN_AI.serverPort] = server.port;
  if (typeof body.model === 'string') {
    const model = cutText(body.model, limit);
    attributes[OI.modelName] = model;
    attributes[GEN_AI.requestModel] = model;
    attributes[OI.requestParametersModel] = model;
  }
  if (settings.openInferenceAttributes) {
    attempt('llm.invocation_parameters', () => {
      attributes[OI.invocationParameters] = invocationParameters(body, operation.contentKeys);
    });
  }
  attempt('gen_ai.request.*', () => writeSamplingParameters(body, attributes));
  writeLLMContext(attributes, portkey?.metadata, limit);
  if (portkey?.configId) attributes[PORTKEY.configId] = cutText(portkey.configId, limit);
  if (operation.writeRequestDetails)
    attempt(operation.spanName, () => operation.writeRequestDetails?.(body, attributes));
  attempt('input content', () =>
    writeInputContent(
      settings.content,
      () => operation.readInput(body),
      () => (operation.rawInput ? operation.rawInput(body) : body),
      operation.openInferenceInput,
      content,
    ),
  );
}

function invocationParameters(body: Record<string, unknown>, contentKeys: ReadonlySet<string>): string {
  const parameters: Record<string, unknown> = {};
  for (const key in body) {
    if (!contentKeys.has(key) && body[key] !== undefined) parameters[key] = body[key];
  }
  return toLimitedJson(parameters, MAX_PARAMETERS_LENGTH);
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
  if (typeof stop === 'string') attributes[GEN_AI.requestStopSequences] = [cutText(stop, 256)];
  else if (Array.isArray(stop))
    attributes[GEN_AI.requestStopSequences] = stop
      .slice(0, 8)
      .filter((s): s is string => typeof s === 'string')
      .map((s) => cutText(s, 256));
  const format = formatType(body);
  if (format) attributes[GEN_AI.outputType] = format === 'text' ? 'text' : 'json';
}

function formatType(body: Record<string, unknown>): string | undefined {
  const responseFormat = body.response_format as { type?: unknown } | undefined;
  if (typeof responseFormat?.type === 'string') return responseFormat.type;
  const text = body.text as { format?: { type?: unknown } } | undefined;
  return typeof text?.format?.type === 'string' ? text.format.type : undefined;
}

/**
 * session, user and tags from `withLLMContext`, each on its own; metadata from it merged over Portkey's
 * request metadata (a getter that throws there loses the metadata attribute, and only it).
 */
function writeLLMContext(
  attributes: Attributes,
  portkeyMetadata: Record<string, unknown> | undefined,
  limit: number,
): void {
  const llmContext = getLLMContext();
  attempt('session.id', () => {
    if (typeof llmContext?.sessionId === 'string' && llmContext.sessionId)
      attributes[OI.sessionId] = cutText(llmContext.sessionId, 256);
  });
  attempt('user.id', () => {
    if (typeof llmContext?.userId === 'string' && llmContext.userId)
      attributes[OI.userId] = cutText(llmContext.userId, 256);
  });
  attempt('tag.tags', () => {
    const tags = llmContext?.tags;
    if (!Array.isArray(tags) || tags.length === 0) return;
    // The first MAX_TAGS string tags; one pass that stops there, whatever the array's length.
    const kept: string[] = [];
    for (const tag of tags) {
      if (typeof tag === 'string') kept.push(cutText(tag, 256));
      if (kept.length === MAX_TAGS) break;
    }
    attributes[OI.tags] = kept;
  });
  attempt('metadata', () => {
    const own = llmContext?.metadata;
    if (!portkeyMetadata && !own) return;
    // Only Portkey's metadata: serialise it as it is. Both: ours over Portkey's, without reading twice.
    const metadata = portkeyMetadata && own ? { ...portkeyMetadata, ...own } : (own ?? portkeyMetadata);
    if (metadata && Object.keys(metadata).length > 0) {
      attributes[OI.metadata] = toLimitedJson(metadata, Math.min(limit, MAX_PARAMETERS_LENGTH));
    }
  });
}
