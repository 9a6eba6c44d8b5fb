export { createPortkeyClient } from './create-portkey-client.js';
export type { PortkeyFetchOptions } from './create-portkey-fetch.js';
export { createPortkeyFetch } from './create-portkey-fetch.js';
export type { PortkeyConfigErrorCode } from './portkey-config-error.js';
export { PortkeyConfigError } from './portkey-config-error.js';
export { portkeyHeaders } from './portkey-headers.js';
export type { PortkeyClientOptions, PortkeyGatewayConfig, PortkeyHeaderOptions } from './portkey-options.js';
export { PORTKEY_GATEWAY_URL } from './resolve-portkey-options.js';
