import { instrumentOpenAI } from '@portobserve/core';
import OpenAI from 'openai';
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
  const {
    apiKey: _apiKey,
    baseURL: _baseURL,
    provider: _provider,
    providerApiKey: _providerApiKey,
    virtualKey: _virtualKey,
    config: _config,
    customHost: _customHost,
    metadata: _metadata,
    traceId,
    forwardTraceparent: _forwardTraceparent,
    requestTimeout: _requestTimeout,
    instrumentation,
    defaultHeaders,
    fetch,
    ...clientOptions
  } = options;
  const resolved = resolvePortkeyOptions(options);
  const client = new OpenAI({
    ...clientOptions,
    apiKey: resolved.clientApiKey,
    baseURL: resolved.baseURL,
    defaultHeaders: { ...portkeyHeaders(resolved.headerOptions), ...defaultHeaders },
    fetch: withTraceHeaders(fetch, traceId === undefined),
  });
  if (instrumentation !== false) instrumentOpenAI(client, instrumentation);
  return client;
}
