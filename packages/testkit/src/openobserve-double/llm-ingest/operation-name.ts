import type { ServerAttributes } from '../server-value.js';
import { stringAt } from '../server-value.js';

/** The `gen_ai.operation.name` values OpenObserve passes through as they are (lower-cased). */
const SPEC_OPERATION_NAMES: readonly string[] = [
  'chat',
  'text_completion',
  'generate_content',
  'embeddings',
  'invoke_agent',
  'create_agent',
  'execute_tool',
  'invoke_workflow',
  'retrieval',
];

const LLM_REQUEST_TYPES: Record<string, string> = {
  chat: 'chat',
  completion: 'text_completion',
  embedding: 'embeddings',
  rerank: 'rerank',
};
const TRACELOOP_SPAN_KINDS: Record<string, string> = {
  workflow: 'invoke_workflow',
  task: 'task',
  agent: 'invoke_agent',
  tool: 'execute_tool',
};
const OPENINFERENCE_SPAN_KINDS: Record<string, string> = {
  LLM: 'chat',
  CHAIN: 'chain',
  EMBEDDING: 'embeddings',
  AGENT: 'invoke_agent',
  TOOL: 'execute_tool',
  RETRIEVER: 'retrieval',
  EVALUATOR: 'evaluator',
  GUARDRAIL: 'guardrail',
};
const LANGFUSE_TYPES: Record<string, string> = {
  GENERATION: 'chat',
  CHAIN: 'chain',
  EMBEDDING: 'embeddings',
  AGENT: 'invoke_agent',
  TOOL: 'execute_tool',
  SPAN: 'span',
  RETRIEVER: 'retrieval',
};
const VERCEL_MODEL_KEYS = ['ai.model.id', 'gen_ai.request.model', 'gen_ai.response.model'];
const MODEL_KEYS = [
  'gen_ai.request.model',
  'gen_ai.response.model',
  'ai.model.id',
  'llm.model_name',
  'llm.response.model',
  'model',
];

function mapped(table: Record<string, string>, value: string | undefined): string | undefined {
  return value !== undefined && Object.hasOwn(table, value) ? table[value] : undefined;
}

/**
 * The `gen_ai_operation_name` OpenObserve writes on every LLM span
 * (`map_to_gen_ai_operation_name` in `src/core/src/traces/otel/extractors/gen_ai_operation.rs`),
 * first match wins: a spec `gen_ai.operation.name`; `llm.request.type`; `traceloop.span.kind`;
 * `openinference.span.kind` (LLM → chat); `langfuse.observation.type`; scope `ai` (chat with a
 * model key, else span); a tool key (execute_tool); a model key (chat); else `span`.
 *
 * @example
 * ```ts
 * genAiOperationName(new Map([['openinference.span.kind', 'LLM']]), undefined); // 'chat'
 * genAiOperationName(new Map([['gen_ai.operation.name', 'tool']]), undefined); // 'span'
 * ```
 */
export function genAiOperationName(attributes: ServerAttributes, scopeName: string | undefined): string {
  const operation = stringAt(attributes, 'gen_ai.operation.name')?.toLowerCase();
  if (operation !== undefined && SPEC_OPERATION_NAMES.includes(operation)) {
    return operation;
  }
  const fromTables =
    mapped(LLM_REQUEST_TYPES, stringAt(attributes, 'llm.request.type')?.toLowerCase()) ??
    mapped(TRACELOOP_SPAN_KINDS, stringAt(attributes, 'traceloop.span.kind')?.toLowerCase()) ??
    mapped(OPENINFERENCE_SPAN_KINDS, stringAt(attributes, 'openinference.span.kind')?.toUpperCase()) ??
    mapped(LANGFUSE_TYPES, stringAt(attributes, 'langfuse.observation.type')?.toUpperCase());
  if (fromTables !== undefined) {
    return fromTables;
  }
  if (scopeName === 'ai') {
    return VERCEL_MODEL_KEYS.some((key) => attributes.has(key)) ? 'chat' : 'span';
  }
  if (attributes.has('gen_ai.tool.name') || attributes.has('gen_ai.tool.call.id')) {
    return 'execute_tool';
  }
  return MODEL_KEYS.some((key) => attributes.has(key)) ? 'chat' : 'span';
}

/**
 * True for the operations whose token counts and cost OpenObserve fills in
 * (`is_generation_or_embedding`): chat, text_completion, generate_content, embeddings.
 *
 * @example
 * ```ts
 * isGenerationOrEmbedding('chat'); // true
 * isGenerationOrEmbedding('execute_tool'); // false
 * ```
 */
export function isGenerationOrEmbedding(operationName: string): boolean {
  return ['chat', 'text_completion', 'generate_content', 'embeddings'].includes(operationName);
}
