import { instrumentOpenAI } from '@portobserve/core';
import OpenAI, { type ClientOptions } from 'openai';
import { portkeyHeaders } from './portkey-headers.js';
import type { PortkeyClientOptions } from './portkey-options.js';
import { resolvePortkeyOptions } from './resolve-portkey-options.js';
import { withTraceHeaders } from './trace-header-fetch.js';

/**
 * An `OpenAI` client pointed at the Portkey gateway, with its routing headers set and its calls traced:
 * each span gains Portkey's trace id, the provider that answered, retries, the fallback target used and
 * the cache status. Every `openai` client option passes through (`defaultHeaders` are merged).
 * Bad settings throw {@link PortkeyConfigError}.
 *
 * @example
 * ```ts
 * import { openobserveInit } from '@portobserve/core';
 * import { createPortkeyClient } from '@portobserve/portkey';
 *
 * openobserveInit();
 * const portkey = createPortkeyClient({ provider: 'openai', metadata: { team: 'search' } }); // PORTKEY_API_KEY, OPENAI_API_KEY
 * const answer = await portkey.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
 * ```
 */
export function createPortkeyClient(options: PortkeyClientOptions = {}): OpenAI {
  const resolved = resolvePortkeyOptions(options);
  const client = new OpenAI({
    ...openAIClientOptions(options),
    apiKey: resolved.clientApiKey,
    baseURL: resolved.baseURL,
    defaultHeaders: { ...portkeyHeaders(resolved.headerOptions), ...options.defaultHeaders },
    fetch: withTraceHeaders(options.fetch, options.traceId === undefined),
  });
  if (options.instrumentation !== false) instrumentOpenAI(client, options.instrumentation);
  return client;
}

/** Options that are Portkey's, or set here, and so never reach the `OpenAI` constructor as given. */
const NOT_FOR_OPENAI = new Set<string>([
  'apiKey',
  'baseURL',
  'provider',
  'providerApiKey',
  'virtualKey',
  'config',
  'customHost',
  'metadata',
  'traceId',
  'forwardTraceparent',
  'requestTimeout',
  'instrumentation',
  'defaultHeaders',
  'fetch',
] satisfies Array<keyof PortkeyClientOptions>);

function openAIClientOptions(options: PortkeyClientOptions): ClientOptions {
  return Object.fromEntries(
    Object.entries(options).filter(([key]) => !NOT_FOR_OPENAI.has(key)),
  ) as ClientOptions;
}
