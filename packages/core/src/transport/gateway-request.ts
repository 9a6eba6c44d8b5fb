import { chatCompletionOperation } from '../mapping/chat-completion-operation.js';
import { embeddingsOperation } from '../mapping/embeddings-operation.js';
import type { LLMOperation } from '../mapping/llm-operation.js';
import { readHeader } from '../mapping/read-header.js';
import { responsesOperation } from '../mapping/responses-operation.js';
import { textCompletionOperation } from '../mapping/text-completion-operation.js';

/** A `fetch` call recognised as an LLM request: where it goes, what it does, and what it carries. */
export interface LLMRequest {
  url: string;
  operation: LLMOperation;
  /** Header sources in `readHeader` form (the init's headers, a `Request`'s headers). */
  headers: readonly unknown[];
  /** The request body text, when it is available without consuming anything. */
  bodyText: string | undefined;
  signal: AbortSignal | undefined;
}

const OPERATION_BY_PATH_END: ReadonlyArray<[string, LLMOperation]> = [
  ['/chat/completions', chatCompletionOperation],
  ['/completions', textCompletionOperation],
  ['/embeddings', embeddingsOperation],
  ['/responses', responsesOperation],
];

/**
 * Reads a `fetch(input, init)` call: an LLM request when it POSTs to an OpenAI-compatible endpoint
 * (`…/chat/completions`, `…/completions`, `…/embeddings`, `…/responses`) and is bound for a Portkey
 * gateway (an `x-portkey-*` header, or a URL under one of `gatewayURLs`), or when `anyHost` says every
 * host counts. Cheap for every other request: the method and the path are checked first.
 */
export function readLLMRequest(
  input: unknown,
  init: RequestInit | undefined,
  gatewayURLs: readonly string[],
  anyHost: boolean,
): LLMRequest | undefined {
  const request = input instanceof Request ? input : undefined;
  const method = init?.method ?? request?.method ?? 'GET';
  if (method !== 'POST' && method.toUpperCase() !== 'POST') return undefined;
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : request?.url;
  if (!url) return undefined;
  const operation = operationOf(url);
  if (!operation) return undefined;
  const headers = init?.headers !== undefined ? [request?.headers, init.headers] : [request?.headers];
  if (!anyHost && !isGatewayURL(url, gatewayURLs) && !hasPortkeyHeader(headers)) return undefined;
  return {
    url,
    operation,
    headers,
    bodyText: bodyTextOf(init?.body),
    signal: init?.signal ?? request?.signal,
  };
}

/** The `x-stainless-retry-count` the `openai` SDK sends on each attempt (0 on the first). */
export function retryCountOf(request: LLMRequest): number | undefined {
  const raw = readHeader(request.headers, 'x-stainless-retry-count');
  const count = raw === undefined ? Number.NaN : Number(raw);
  return Number.isInteger(count) && count > 0 ? count : undefined;
}

function operationOf(url: string): LLMOperation | undefined {
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  const end = path.endsWith('/') ? path.slice(0, -1) : path;
  for (const [suffix, operation] of OPERATION_BY_PATH_END) {
    if (end.endsWith(suffix)) {
      // `/chat/completions` also ends with `/completions`: the first match wins, in table order.
      return operation;
    }
  }
  return undefined;
}

function isGatewayURL(url: string, gatewayURLs: readonly string[]): boolean {
  const lower = url.toLowerCase();
  return gatewayURLs.some((prefix) => lower.startsWith(prefix));
}

function hasPortkeyHeader(sources: readonly unknown[]): boolean {
  for (const source of sources) {
    if (!source || typeof source !== 'object') continue;
    if (typeof (source as Headers).forEach === 'function' && typeof (source as Headers).get === 'function') {
      let found = false;
      (source as Headers).forEach((_value, name) => {
        if (!found && name.startsWith('x-portkey-')) found = true;
      });
      if (found) return true;
    } else if (Array.isArray(source)) {
      if (source.some((entry) => Array.isArray(entry) && /^x-portkey-/i.test(String(entry[0])))) return true;
    } else {
      for (const name in source)
        if (name.length > 10 && name.toLowerCase().startsWith('x-portkey-')) return true;
    }
  }
  return false;
}

function bodyTextOf(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  return undefined;
}
