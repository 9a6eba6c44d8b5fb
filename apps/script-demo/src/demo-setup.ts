/** What the demo runs on, decided from `.env` before anything starts. */
export type DemoSetup =
  | { kind: 'local'; notice?: string }
  | { kind: 'own'; gateway: 'hosted' | 'self-hosted' }
  | { kind: 'stop'; problems: string[] };

/** The hosted gateway, what `PORTKEY_BASE_URL` defaults to. */
export const HOSTED_GATEWAY_URL = 'https://api.portkey.ai/v1';

/** The keys a newcomer fills in; while all are empty the `.env` is still the example. */
const SECRET_KEYS = ['PORTKEY_API_KEY', 'PORTKEY_VIRTUAL_KEY', 'OPENAI_API_KEY'] as const;

/**
 * Decides the demo's mode: no `.env` (or one with no key filled in yet) runs on the local stand-ins;
 * a `.env` with keys runs on your own Portkey and OpenObserve, once every setting it needs is there.
 * Each problem names the setting and what to put in it.
 *
 * @example
 * ```ts
 * decideDemoSetup({ envFile: undefined, env: {} }); // { kind: 'local' }
 * decideDemoSetup({ envFile: 'apps/script-demo/.env', env: { PORTKEY_API_KEY: 'pk' } }); // { kind: 'stop', ... }
 * ```
 */
export function decideDemoSetup(input: { envFile: string | undefined; env: NodeJS.ProcessEnv }): DemoSetup {
  const { envFile, env } = input;
  if (envFile === undefined) return { kind: 'local' };
  if (SECRET_KEYS.every((key) => !env[key])) {
    return {
      kind: 'local',
      notice:
        `${envFile} has no key filled in yet (${SECRET_KEYS.join(', ')} are empty): fill in PORTKEY_API_KEY ` +
        `and PORTKEY_VIRTUAL_KEY or OPENAI_API_KEY to use your own Portkey and OpenObserve. ` +
        `Until then, running on local stand-ins, all on 127.0.0.1:`,
    };
  }
  const problems: string[] = [];
  const baseURL = env.PORTKEY_BASE_URL || HOSTED_GATEWAY_URL;
  const gatewayHost = hostOf(baseURL);
  if (gatewayHost === undefined) {
    problems.push(
      `PORTKEY_BASE_URL "${baseURL}" is not an http(s) URL: leave it empty for the hosted gateway ` +
        `(${HOSTED_GATEWAY_URL}), or give your own gateway's, e.g. http://localhost:8787/v1 (npx @portkey-ai/gateway).`,
    );
  }
  const gateway = gatewayHost === 'api.portkey.ai' ? 'hosted' : 'self-hosted';
  if (gateway === 'hosted' && !env.PORTKEY_API_KEY) {
    problems.push(
      `PORTKEY_API_KEY is empty: the hosted gateway (${HOSTED_GATEWAY_URL}) needs your Portkey API key ` +
        `(app.portkey.ai > API Keys). Or set PORTKEY_BASE_URL to your own gateway ` +
        `(npx @portkey-ai/gateway serves http://localhost:8787/v1), which needs none.`,
    );
  }
  if (env.PORTKEY_VIRTUAL_KEY && gateway === 'self-hosted') {
    problems.push(
      `PORTKEY_VIRTUAL_KEY is set, but virtual keys exist only on the hosted gateway and PORTKEY_BASE_URL ` +
        `is ${baseURL}: empty PORTKEY_VIRTUAL_KEY and route with PORTKEY_PROVIDER and OPENAI_API_KEY.`,
    );
  }
  if (!env.PORTKEY_VIRTUAL_KEY && !env.OPENAI_API_KEY) {
    problems.push(
      `OPENAI_API_KEY and PORTKEY_VIRTUAL_KEY are both empty: the gateway needs a route to a model. ` +
        `Put the provider's key in OPENAI_API_KEY (with PORTKEY_PROVIDER=openai, or another provider), ` +
        `or a Portkey virtual key in PORTKEY_VIRTUAL_KEY.`,
    );
  }
  if (!env.OPENOBSERVE_AUTH_TOKEN && env.OPENOBSERVE_ENABLED !== 'false') {
    problems.push(
      `OPENOBSERVE_AUTH_TOKEN is empty: OpenObserve needs it (Data sources > Custom > Traces shows it, ` +
        `"Basic " and a base64 string). Or set OPENOBSERVE_ENABLED=false to run without sending traces.`,
    );
  }
  if (problems.length > 0)
    return { kind: 'stop', problems: problems.map((problem) => `${envFile}: ${problem}`) };
  return { kind: 'own', gateway };
}

function hostOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.hostname : undefined;
  } catch {
    return undefined;
  }
}
