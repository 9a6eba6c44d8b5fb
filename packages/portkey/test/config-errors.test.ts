import { describe, expect, it } from 'vitest';
import { createPortkeyClient, PortkeyConfigError, portkeyHeaders } from '../src/index.js';
import { resolvePortkeyOptions } from '../src/resolve-portkey-options.js';

function configError(run: () => unknown): PortkeyConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PortkeyConfigError);
    return error as PortkeyConfigError;
  }
  throw new Error('expected a PortkeyConfigError');
}

const selfHosted = { baseURL: 'http://127.0.0.1:8787/v1' };

describe('PortkeyConfigError', () => {
  it('says how to route when no routing is given', () => {
    const error = configError(() => resolvePortkeyOptions(selfHosted, {}));
    expect(error.code).toBe('MISSING_ROUTING');
    expect(error.message).toMatch(/provider.*virtualKey.*config/s);
  });

  it('refuses two routings at once, in options or in the environment', () => {
    expect(
      configError(() => resolvePortkeyOptions({ ...selfHosted, provider: 'openai', virtualKey: 'vk' }, {}))
        .code,
    ).toBe('CONFLICTING_ROUTING');
    const fromEnv = configError(() =>
      resolvePortkeyOptions(selfHosted, { PORTKEY_VIRTUAL_KEY: 'vk', PORTKEY_CONFIG: 'pc-1' }),
    );
    expect(fromEnv.code).toBe('CONFLICTING_ROUTING');
    expect(fromEnv.message).toContain('PORTKEY_VIRTUAL_KEY and PORTKEY_CONFIG');
  });

  it('lets options beat the environment for routing', () => {
    const resolved = resolvePortkeyOptions(
      { ...selfHosted, virtualKey: 'vk-option' },
      { PORTKEY_CONFIG: 'pc-env' },
    );
    expect(resolved.headerOptions).toMatchObject({ virtualKey: 'vk-option' });
    expect(resolved.headerOptions.config).toBeUndefined();
  });

  it('refuses a config string that looks like JSON but is not', () => {
    const error = configError(() => createPortkeyClient({ ...selfHosted, config: '{"strategy": ' }));
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toContain('PORTKEY_CONFIG');
  });

  it('refuses metadata values that are not strings, naming the key', () => {
    const error = configError(() =>
      createPortkeyClient({
        ...selfHosted,
        provider: 'openai',
        metadata: { team: 'search', build: 42 as unknown as string },
      }),
    );
    expect(error.code).toBe('INVALID_METADATA');
    expect(error.message).toContain('metadata.build');
  });

  it.each(['ftp://gateway', 'api.portkey.ai/v1', 'not a url'])('refuses the base URL %s', (baseURL) => {
    const error = configError(() => createPortkeyClient({ baseURL, provider: 'openai' }));
    expect(error.code).toBe('INVALID_BASE_URL');
    expect(error.message).toContain('PORTKEY_BASE_URL');
  });

  it('needs PORTKEY_API_KEY for the hosted gateway only', () => {
    const error = configError(() => resolvePortkeyOptions({ provider: 'openai' }, {}));
    expect(error.code).toBe('MISSING_API_KEY');
    expect(error.message).toContain('PORTKEY_API_KEY');
    expect(error.message).toContain('`baseURL`');
    expect(resolvePortkeyOptions({ ...selfHosted, provider: 'openai' }, {}).baseURL).toBe(
      'http://127.0.0.1:8787/v1',
    );
    expect(resolvePortkeyOptions({ provider: 'openai' }, { PORTKEY_API_KEY: 'pk' }).baseURL).toBe(
      'https://api.portkey.ai/v1',
    );
  });

  it('sends the provider key as the bearer token, OPENAI_API_KEY by default for openai', () => {
    expect(
      resolvePortkeyOptions({ ...selfHosted, provider: 'openai' }, { OPENAI_API_KEY: 'sk-env' }).clientApiKey,
    ).toBe('sk-env');
    expect(
      resolvePortkeyOptions(
        { ...selfHosted, provider: 'openai', providerApiKey: 'sk-option' },
        { OPENAI_API_KEY: 'sk-env' },
      ).clientApiKey,
    ).toBe('sk-option');
    expect(
      resolvePortkeyOptions({ ...selfHosted, provider: 'anthropic' }, { OPENAI_API_KEY: 'sk-env' })
        .clientApiKey,
    ).not.toBe('sk-env');
  });
});

describe('portkeyHeaders', () => {
  it('builds x-portkey-* headers, JSON for objects, ids as they are', () => {
    expect(
      portkeyHeaders({
        apiKey: 'pk',
        provider: 'openai',
        config: { retry: { attempts: 2 } },
        metadata: { team: 'search' },
        traceId: 't-1',
        forwardTraceparent: true,
        requestTimeout: 500,
        customHost: 'http://127.0.0.1:9/v1',
      }),
    ).toEqual({
      'x-portkey-api-key': 'pk',
      'x-portkey-provider': 'openai',
      'x-portkey-config': '{"retry":{"attempts":2}}',
      'x-portkey-metadata': '{"team":"search"}',
      'x-portkey-trace-id': 't-1',
      'x-portkey-forward-headers': 'traceparent',
      'x-portkey-request-timeout': '500',
      'x-portkey-custom-host': 'http://127.0.0.1:9/v1',
    });
    expect(portkeyHeaders({ config: 'pc-saved-1' })).toEqual({ 'x-portkey-config': 'pc-saved-1' });
  });

  it('refuses a request timeout that is not a positive whole number', () => {
    expect(configError(() => portkeyHeaders({ requestTimeout: -5 })).code).toBe('INVALID_OPTION');
  });
});
