import { PortkeyConfigError } from './portkey-config-error.js';
import type { PortkeyHeaderOptions } from './portkey-options.js';

/**
 * Portkey's hosted gateway, the default base URL (the `portkey-ai` SDK's `PORTKEY_GATEWAY_URL`).
 *
 * @example
 * ```ts
 * createPortkeyClient({ baseURL: PORTKEY_GATEWAY_URL, provider: 'openai' });
 * ```
 */
export const PORTKEY_GATEWAY_URL = 'https://api.portkey.ai/v1';

type Environment = Record<string, string | undefined>;

/** Settings after options, environment and defaults, checked. */
export interface ResolvedPortkeyOptions {
  baseURL: string;
  headerOptions: PortkeyHeaderOptions;
  /** The provider's key, when one is known (an option, or `OPENAI_API_KEY` for openai routing). */
  providerApiKey: string | undefined;
  /** What the `openai` client sends as `Authorization: Bearer`. */
  clientApiKey: string;
}

/**
 * Options beat environment variables (`PORTKEY_API_KEY`, `PORTKEY_BASE_URL`, `PORTKEY_CUSTOM_HOST`, `PORTKEY_VIRTUAL_KEY`,
 * `PORTKEY_CONFIG`, `PORTKEY_PROVIDER`, `OPENAI_API_KEY`); exactly one routing must result.
 */
export function resolvePortkeyOptions(
  options: PortkeyHeaderOptions & { baseURL?: string },
  env: Environment = process.env,
): ResolvedPortkeyOptions {
  const baseURL = resolveBaseURL(options.baseURL ?? read(env, 'PORTKEY_BASE_URL') ?? PORTKEY_GATEWAY_URL);
  const apiKey = options.apiKey ?? read(env, 'PORTKEY_API_KEY');
  if (!apiKey && isHostedGateway(baseURL)) {
    throw new PortkeyConfigError(
      'MISSING_API_KEY',
      `Portkey API key is required for ${baseURL}: pass \`apiKey\` or set PORTKEY_API_KEY ` +
        '(app.portkey.ai > API Keys). A self-hosted gateway needs none: pass `baseURL` or set PORTKEY_BASE_URL to its URL.',
    );
  }

  const routing = resolveRouting(options, env);
  const providerApiKey =
    options.providerApiKey ??
    (routing.provider === 'openai' ||
    (routing.provider === undefined && routing.config === undefined && !routing.virtualKey)
      ? read(env, 'OPENAI_API_KEY')
      : undefined);

  const headerOptions: PortkeyHeaderOptions = {
    apiKey,
    ...routing,
    customHost: options.customHost ?? read(env, 'PORTKEY_CUSTOM_HOST'),
    metadata: options.metadata,
    traceId: options.traceId,
    forwardTraceparent: options.forwardTraceparent,
    requestTimeout: options.requestTimeout,
  };
  // The provider key travels as the client's own Authorization header, not as an extra header.
  return { baseURL, headerOptions, providerApiKey, clientApiKey: providerApiKey ?? 'portkey-routed' };
}

type Routing = Pick<PortkeyHeaderOptions, 'provider' | 'virtualKey' | 'config'>;

function resolveRouting(options: PortkeyHeaderOptions, env: Environment): Routing {
  const fromOptions = pickRouting(
    { provider: options.provider, virtualKey: options.virtualKey, config: options.config },
    'options',
  );
  if (fromOptions) return fromOptions;
  const fromEnv = pickRouting(
    {
      provider: read(env, 'PORTKEY_PROVIDER'),
      virtualKey: read(env, 'PORTKEY_VIRTUAL_KEY'),
      config: read(env, 'PORTKEY_CONFIG'),
    },
    'environment',
  );
  if (fromEnv) return fromEnv;
  throw new PortkeyConfigError(
    'MISSING_ROUTING',
    'Portkey needs to know where to send requests: pass one of `provider` (with `providerApiKey`, or OPENAI_API_KEY for openai), ' +
      '`virtualKey` (PORTKEY_VIRTUAL_KEY) or `config` (PORTKEY_CONFIG).',
  );
}

function pickRouting(candidate: Routing, source: 'options' | 'environment'): Routing | undefined {
  const names: Record<keyof Routing, string> =
    source === 'options'
      ? { provider: '`provider`', virtualKey: '`virtualKey`', config: '`config`' }
      : { provider: 'PORTKEY_PROVIDER', virtualKey: 'PORTKEY_VIRTUAL_KEY', config: 'PORTKEY_CONFIG' };
  const given = (Object.keys(names) as Array<keyof Routing>).filter((key) => {
    const value = candidate[key];
    return value !== undefined && value !== '';
  });
  if (given.length === 0) return undefined;
  if (given.length > 1) {
    throw new PortkeyConfigError(
      'CONFLICTING_ROUTING',
      `Portkey routing is ambiguous: ${given.map((key) => names[key]).join(' and ')} are both set in the ${source}. ` +
        'Keep one (a config can hold providers and virtual keys itself).',
    );
  }
  const key = given[0] as keyof Routing;
  return { [key]: candidate[key] };
}

function resolveBaseURL(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw invalidBaseURL(raw);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidBaseURL(raw);
  return url.toString().replace(/\/+$/, '');
}

function invalidBaseURL(raw: string): PortkeyConfigError {
  return new PortkeyConfigError(
    'INVALID_BASE_URL',
    `Portkey base URL "${raw}" is not an http(s) URL: pass \`baseURL\` or set PORTKEY_BASE_URL, e.g. ${PORTKEY_GATEWAY_URL} or http://localhost:8787/v1.`,
  );
}

function isHostedGateway(baseURL: string): boolean {
  const host = new URL(baseURL).hostname;
  return host === 'api.portkey.ai' || host.endsWith('.portkey.ai');
}

function read(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}
