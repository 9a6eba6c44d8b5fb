/** Where a client sends its requests, as span attributes want it. */
export interface ServerIdentity {
  readonly address: string | undefined;
  readonly port: number | undefined;
  /** `gen_ai.provider.name` implied by the host; Portkey's response header refines it later. */
  readonly provider: string;
}

const UNKNOWN: ServerIdentity = { address: undefined, port: undefined, provider: 'openai' };
const byClient = new WeakMap<object, { baseURL: unknown; identity: ServerIdentity }>();

/**
 * Reads `baseURL` from the `openai` client behind a resource (cached per client). `*.openai.azure.com`
 * is `azure.ai.openai`; anything else speaks OpenAI's API and counts as `openai`.
 */
export function serverIdentityOfResource(resource: unknown): ServerIdentity {
  const client = (resource as { _client?: { baseURL?: unknown } } | undefined)?._client;
  if (!client || typeof client !== 'object') return UNKNOWN;
  const cached = byClient.get(client);
  if (cached && cached.baseURL === client.baseURL) return cached.identity;
  const identity = serverIdentityOfURL(String(client.baseURL));
  byClient.set(client, { baseURL: client.baseURL, identity });
  return identity;
}

// Request URLs repeat (a few endpoints of a few hosts): each is parsed once, up to this many.
const byURL = new Map<string, ServerIdentity>();
const MAX_CACHED_URLS = 64;

/** The same, from a request URL (the transport capture). */
export function serverIdentityOfURL(url: string | URL): ServerIdentity {
  if (typeof url !== 'string') return identityOf(url);
  let identity = byURL.get(url);
  if (identity === undefined) {
    identity = identityOf(url);
    if (byURL.size >= MAX_CACHED_URLS) byURL.clear();
    byURL.set(url, identity);
  }
  return identity;
}

function identityOf(url: string | URL): ServerIdentity {
  try {
    const parsed = typeof url === 'string' ? new URL(url) : url;
    const port = parsed.port ? Number(parsed.port) : parsed.protocol === 'https:' ? 443 : 80;
    const provider = parsed.hostname.endsWith('.openai.azure.com') ? 'azure.ai.openai' : 'openai';
    return { address: parsed.hostname, port, provider };
  } catch {
    return UNKNOWN;
  }
}
