export { createPortkeyClient } from './create-portkey-client.js';
export type { PortkeyConfigErrorCode } from './portkey-config-error.js';
export { PortkeyConfigError } from './portkey-config-error.js';
export { portkeyHeaders } from './portkey-headers.js';
export type { PortkeyClientOptions, PortkeyGatewayConfig, PortkeyHeaderOptions } from './portkey-options.js';
export { PORTKEY_GATEWAY_URL } from './resolve-portkey-options.js';
