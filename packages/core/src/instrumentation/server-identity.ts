/** Where a client sends its requests, as span attributes want it. */
export interface ServerIdentity {
  address: string | undefined;
  port: number | undefined;
  /** The provider implied by the host; Portkey's response header refines it later. */
  provider: string;
}

const cache = new WeakMap<object, { baseURL: unknown; identity: ServerIdentity }>();

/**
 * Reads `baseURL` from the `openai` client behind a resource (cached per client).
 * `*.openai.azure.com` is `azure.ai.openai`; anything else speaks OpenAI's API and counts as `openai`.
 */
export function serverIdentityOf(resource: unknown): ServerIdentity {
  const client = (resource as { _client?: { baseURL?: unknown } } | undefined)?._client;
  if (!client || typeof client !== 'object')
    return { address: undefined, port: undefined, provider: 'openai' };
  const cached = cache.get(client);
  if (cached && cached.baseURL === client.baseURL) return cached.identity;
  const identity = parse(client.baseURL);
  cache.set(client, { baseURL: client.baseURL, identity });
  return identity;
}

function parse(baseURL: unknown): ServerIdentity {
  try {
    const url = new URL(String(baseURL));
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    const provider = url.hostname.endsWith('.openai.azure.com') ? 'azure.ai.openai' : 'openai';
    return { address: url.hostname, port, provider };
  } catch {
    return { address: undefined, port: undefined, provider: 'openai' };
  }
}
