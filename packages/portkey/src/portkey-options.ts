import type { InstrumentOpenAIOptions } from '@portobserve/core';
import type { ClientOptions } from 'openai';

/**
 * A Portkey gateway config: an inline object, or the id of a config saved in Portkey (`pc-...`).
 *
 * @example
 * ```ts
 * const config: PortkeyGatewayConfig = { strategy: { mode: 'fallback' }, targets: [{ virtual_key: 'openai-main' }, { virtual_key: 'openai-backup' }] };
 * ```
 */
export type PortkeyGatewayConfig = string | Record<string, unknown>;

/**
 * The headers-level Portkey settings, shared by {@link createPortkeyClient} and {@link portkeyHeaders}.
 *
 * @example
 * ```ts
 * const headers = portkeyHeaders({ traceId: 'checkout-42', metadata: { _user: 'u-7' } } satisfies PortkeyHeaderOptions);
 * ```
 */
export interface PortkeyHeaderOptions {
  /** Portkey API key, sent as `x-portkey-api-key`. `PORTKEY_API_KEY`; required for the hosted gateway. */
  apiKey?: string;
  /** Route to this provider (`openai`, `anthropic`, ...): `x-portkey-provider`. */
  provider?: string;
  /** The provider's API key, sent as `Authorization: Bearer`. Defaults to `OPENAI_API_KEY` for `openai`. */
  providerApiKey?: string;
  /** Route with a Portkey virtual key: `x-portkey-virtual-key`. `PORTKEY_VIRTUAL_KEY`. */
  virtualKey?: string;
  /** Route with a gateway config (fallbacks, retries, load balancing): `x-portkey-config`. `PORTKEY_CONFIG`. */
  config?: PortkeyGatewayConfig;
  /** Base URL of the provider, for self-hosted models: `x-portkey-custom-host`. `PORTKEY_CUSTOM_HOST`. */
  customHost?: string;
  /** Strings attached to the request in Portkey's logs and to the span's `metadata`. */
  metadata?: Record<string, string>;
  /**
   * `x-portkey-trace-id`. Default: the active OpenTelemetry trace id of each request, so Portkey's logs and
   * OpenObserve's traces share one id. A string sets it; `false` sends none.
   */
  traceId?: string | false;
  /** Ask the gateway to forward `traceparent` to the provider (`x-portkey-forward-headers`). */
  forwardTraceparent?: boolean;
  /** Gateway-side timeout per request, in milliseconds: `x-portkey-request-timeout` (408 when it expires). */
  requestTimeout?: number;
}

/** Options of {@link createPortkeyClient}: Portkey settings plus every `openai` client option. */
// openai 7's own `provider` option (a third-party provider object) is replaced by Portkey's routing.
/**
 *
 * @example
 * ```ts
 * const options: PortkeyClientOptions = { provider: 'openai', metadata: { team: 'search' }, maxRetries: 1 };
 * const portkey = createPortkeyClient(options);
 * ```
 */
export interface PortkeyClientOptions
  extends PortkeyHeaderOptions,
    Omit<ClientOptions, 'apiKey' | 'baseURL' | 'provider'> {
  /** Gateway URL. `PORTKEY_BASE_URL`, default `https://api.portkey.ai/v1`. */
  baseURL?: string;
  /** Options for the client's instrumentation; `false` leaves the client uninstrumented. */
  instrumentation?: InstrumentOpenAIOptions | false;
}
