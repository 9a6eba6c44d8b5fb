/**
 * Headers that make the gateway route to a local OpenAI-compatible upstream:
 * `x-portkey-provider: openai`, `x-portkey-custom-host: <upstream baseURL>` (with `/v1`, no trailing
 * slash) and `Authorization: Bearer <key>`.
 *
 * @example
 * ```ts
 * const client = new OpenAI({
 *   apiKey: 'unused',
 *   baseURL: gateway.baseURL,
 *   defaultHeaders: portkeyRoutingHeaders(fake.baseURL),
 * });
 * ```
 */
export function portkeyRoutingHeaders(
  upstreamBaseURL: string,
  providerApiKey = 'sk-fake-upstream',
): Record<string, string> {
  return {
    'x-portkey-provider': 'openai',
    'x-portkey-custom-host': upstreamBaseURL.replace(/\/+$/, ''),
    Authorization: `Bearer ${providerApiKey}`,
  };
}
