import { APIConnectionError, APIError } from 'openai';

/**
 * One line saying why a call failed and which setting to check: the gateway unreachable, a key
 * refused, or another answer from the gateway.
 *
 * @example
 * ```ts
 * describeCallFailure(error, process.env); // 'could not reach the Portkey gateway at ... (PORTKEY_BASE_URL) ...'
 * ```
 */
export function describeCallFailure(error: unknown, env: NodeJS.ProcessEnv): string {
  const gateway = env.PORTKEY_BASE_URL || 'https://api.portkey.ai/v1';
  if (error instanceof APIConnectionError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return (
      `could not reach the Portkey gateway at ${gateway} (PORTKEY_BASE_URL)${cause}. ` +
      `Check the URL, and that the gateway runs (npx @portkey-ai/gateway for your own).`
    );
  }
  if (error instanceof APIError && (error.status === 401 || error.status === 403)) {
    return (
      `the gateway at ${gateway} answered ${error.message}. Check PORTKEY_API_KEY (the hosted gateway's ` +
      `key) and the provider's key (OPENAI_API_KEY, or the one behind PORTKEY_VIRTUAL_KEY).`
    );
  }
  if (error instanceof APIError) {
    return `the gateway at ${gateway} answered ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
