import { chatCompletionOperation } from '../mapping/chat-completion-operation.js';
import { embeddingsOperation } from '../mapping/embeddings-operation.js';
import type { LLMOperation } from '../mapping/llm-operation.js';
import { responsesOperation } from '../mapping/responses-operation.js';
import { textCompletionOperation } from '../mapping/text-completion-operation.js';

/** An object that owns a `create` method we wrap, and what that method does. */
export interface CreateTarget {
  owner: Record<string, unknown>;
  operation: LLMOperation;
  /** Where it was found, for messages: `OpenAI.Chat.Completions.prototype`, `client.embeddings`. */
  path: string;
}

type AnyRecord = Record<string, unknown>;

const RESOURCE_PATHS: ReadonlyArray<[string[], LLMOperation]> = [
  [['Chat', 'Completions'], chatCompletionOperation],
  [['Completions'], textCompletionOperation],
  [['Embeddings'], embeddingsOperation],
  [['Responses'], responsesOperation],
];

/** The resource prototypes of an `OpenAI` class (v5+: static `OpenAI.Chat.Completions`, ...). */
export function classTargets(openAIClass: AnyRecord): CreateTarget[] {
  const targets: CreateTarget[] = [];
  for (const [path, operation] of RESOURCE_PATHS) {
    let current: unknown = openAIClass;
    for (const key of path) current = (current as AnyRecord | undefined)?.[key];
    const prototype = (current as { prototype?: AnyRecord } | undefined)?.prototype;
    if (prototype && typeof prototype.create === 'function') {
      targets.push({ owner: prototype, operation, path: `OpenAI.${path.join('.')}.prototype` });
    }
  }
  return targets;
}

/** The resources of one client instance: `client.chat.completions`, `client.completions`, ... */
export function instanceTargets(client: AnyRecord): CreateTarget[] {
  const targets: CreateTarget[] = [];
  for (const [path, operation] of RESOURCE_PATHS) {
    let current: unknown = client;
    for (const key of path) current = (current as AnyRecord | undefined)?.[key.toLowerCase()];
    if (current && typeof (current as AnyRecord).create === 'function') {
      targets.push({
        owner: current as AnyRecord,
        operation,
        path: `client.${path.map((key) => key.toLowerCase()).join('.')}`,
      });
    }
  }
  return targets;
}

/** The `openai` major version a class or client reports in its user agent ("OpenAI/JS 7.59.0"). */
export function openAIMajorVersion(classOrClient: unknown): { version?: string; major?: number } {
  try {
    const source = classOrClient as { prototype?: AnyRecord; getUserAgent?: unknown };
    const getUserAgent =
      typeof classOrClient === 'function' ? source.prototype?.getUserAgent : source.getUserAgent;
    if (typeof getUserAgent !== 'function') return {};
    const agent = String(getUserAgent.call({ constructor: { name: 'OpenAI' } }));
    const version = /JS\s+(\d+\.\d+\.\d+\S*)/.exec(agent)?.[1];
    return { version, major: version ? Number(version.split('.')[0]) : undefined };
  } catch {
    return {};
  }
}
