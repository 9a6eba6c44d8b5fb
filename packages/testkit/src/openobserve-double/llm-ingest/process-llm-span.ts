import type { ServerAttributes, ServerValue } from '../server-value.js';
import { agentIdentity } from './agent-identity.js';
import { extractInputOutput, type LlmSpanEvent } from './input-output.js';
import { isInputOutputAttribute } from './input-output-attributes.js';
import { providerName, responseModel } from './model-and-provider.js';
import { genAiOperationName, isGenerationOrEmbedding } from './operation-name.js';
import { requestParameters } from './request-parameters.js';
import { promptName, toolFields } from './tool-fields.js';
import { fillInUsageAndCost } from './usage-and-cost-fill-in.js';
import { extractClientCost, extractUsageCounts } from './usage-counts.js';
import { sessionId, userId } from './user-and-session.js';

/** What the LLM step needs besides the span's own attributes. */
export interface LlmSpanContext {
  /** Resource attributes as OpenObserve keys them: `service.name`, and `service_<key>` for the rest. */
  resource: ServerAttributes;
  /** The instrumentation scope's name (`ai` for the Vercel AI SDK). */
  scopeName: string | undefined;
  events: readonly LlmSpanEvent[];
}

/** The double's own marker columns, so a test can see where OpenObserve would have guessed or priced. */
export interface LlmIngestMarkers {
  /** `_double_usage_estimated`: the counts OpenObserve would have estimated with tiktoken. */
  usageEstimated?: string;
  /** `_double_cost_computed`: the built-in price pattern OpenObserve priced the call with. */
  costComputed?: string;
}

/** Usage names → the attribute OpenObserve writes them to (only when the span has none). */
const USAGE_COLUMNS: readonly [string, string][] = [
  ['input', 'gen_ai.usage.input_tokens'],
  ['output', 'gen_ai.usage.output_tokens'],
  ['total', 'gen_ai.usage.total_tokens'],
  ['cache_read_input_tokens', 'gen_ai.usage.cache_read.input_tokens'],
  ['cache_creation_input_tokens', 'gen_ai.usage.cache_creation.input_tokens'],
];
/** Cost names → the attribute OpenObserve writes them to (only when the span has none). */
const COST_COLUMNS: readonly [string, string][] = [
  ['input', 'gen_ai.usage.cost.input'],
  ['output', 'gen_ai.usage.cost.output'],
  ['cache_read_input_tokens', 'gen_ai.usage.cost.cache_read.input'],
  ['cache_creation_input_tokens', 'gen_ai.usage.cost.cache_creation.input'],
  ['estimated_without_cache', 'gen_ai.usage.cost.estimated_without_cache'],
  ['cache_read_savings', 'gen_ai.usage.cost.cache_read_savings'],
  ['net_cache_impact', 'gen_ai.usage.cost.net_cache_impact'],
  ['total', 'gen_ai.usage.cost'],
];

function setIfDefined(attributes: ServerAttributes, key: string, value: ServerValue | undefined): void {
  if (value !== undefined) {
    attributes.set(key, value);
  }
}

/** `insert_if_absent`; a `NaN` (a count OpenObserve would estimate) is not written. */
function insertNumberIfAbsent(attributes: ServerAttributes, key: string, value: number | undefined): void {
  if (value !== undefined && !Number.isNaN(value) && !attributes.has(key)) {
    attributes.set(key, value);
  }
}

/**
 * Runs OpenObserve's LLM ingest step on one span's attributes, in place
 * (`OtelIngestionProcessor::process_span_with_pricing_and_agent_mapping`,
 * `src/core/src/traces/otel/processor.rs`): extract, delete the input/output attributes, fill in
 * usage and cost, write the derived attributes back. Call it only for spans that
 * {@link isLlmSpan} accepts. Not ported: organization pricing, per-organization agent mapping,
 * evaluation scores (`llm.evaluation.*`) and langfuse's completion start time.
 *
 * Written back: `gen_ai.operation.name` (always), `gen_ai.response.model`, `gen_ai.provider.name`,
 * `gen_ai.input.messages` / `gen_ai.output.messages` (the winning source, verbatim),
 * `gen_ai.request.<name>` for each parameter but `model`, the usage and cost attributes (only when
 * the span has none of that name), `user.id`, `gen_ai.conversation.id`, `gen_ai.prompt.name`, the
 * tool fields, `gen_ai.agent.{name,id,version}` and `deployment.environment.name`.
 *
 * @returns the double's markers: which counts OpenObserve would have estimated, and whether it
 * priced the call from its built-in table.
 *
 * @example
 * ```ts
 * const span = new Map([['openinference.span.kind', 'LLM'], ['input.value', 'hi']]);
 * processLlmSpan(span, { resource: new Map(), scopeName: undefined, events: [] });
 * span.get('gen_ai.input.messages'); // 'hi'
 * span.has('input.value'); // false
 * ```
 */
export function processLlmSpan(attributes: ServerAttributes, context: LlmSpanContext): LlmIngestMarkers {
  const { resource, scopeName, events } = context;
  const operation = genAiOperationName(attributes, scopeName);
  const model = responseModel(attributes);
  const provider = providerName(attributes);
  const found = extractInputOutput(events, attributes, scopeName);
  const parameters = requestParameters(attributes, scopeName);
  const usage = extractUsageCounts(attributes, scopeName);
  const clientCost = extractClientCost(attributes);
  const user = userId(attributes, resource);
  const session = sessionId(attributes, resource);
  const prompt = promptName(attributes);
  const tool = toolFields(attributes);
  const agent = agentIdentity(attributes, resource);

  for (const key of [...attributes.keys()]) {
    if (isInputOutputAttribute(key)) {
      attributes.delete(key);
    }
  }

  const filled = fillInUsageAndCost({
    isGeneration: isGenerationOrEmbedding(operation),
    model,
    hasInput: found.input !== undefined,
    hasOutput: found.output !== undefined,
    usage: usage.usage,
    inputIncludesCache: usage.inputIncludesCache,
    clientCost,
  });

  attributes.set('gen_ai.operation.name', operation);
  setIfDefined(attributes, 'gen_ai.response.model', model);
  setIfDefined(attributes, 'gen_ai.provider.name', provider);
  setIfDefined(attributes, 'gen_ai.input.messages', found.input);
  setIfDefined(attributes, 'gen_ai.output.messages', found.output);
  for (const [name, value] of parameters) {
    if (name !== 'model') {
      attributes.set(`gen_ai.request.${name}`, value);
    }
  }
  for (const [name, key] of USAGE_COLUMNS) {
    insertNumberIfAbsent(attributes, key, filled.usage.get(name));
  }
  for (const [name, key] of COST_COLUMNS) {
    insertNumberIfAbsent(attributes, key, filled.cost.get(name));
  }
  setIfDefined(attributes, 'user.id', user);
  setIfDefined(attributes, 'gen_ai.conversation.id', session);
  setIfDefined(attributes, 'gen_ai.prompt.name', prompt);
  setIfDefined(attributes, 'gen_ai.tool.name', tool.name);
  setIfDefined(attributes, 'gen_ai.tool.call.id', tool.callId);
  setIfDefined(attributes, 'gen_ai.tool.call.arguments', tool.callArguments);
  setIfDefined(attributes, 'gen_ai.tool.call.result', tool.callResult);
  setIfDefined(attributes, 'gen_ai.agent.name', agent.name);
  setIfDefined(attributes, 'gen_ai.agent.id', agent.id);
  setIfDefined(attributes, 'deployment.environment.name', agent.environment);
  setIfDefined(attributes, 'gen_ai.agent.version', agent.version);

  const markers: LlmIngestMarkers = {};
  if (filled.estimated.length > 0) {
    markers.usageEstimated = filled.estimated.join(',');
  }
  if (filled.pricedWith !== undefined) {
    markers.costComputed = filled.pricedWith;
  }
  return markers;
}
