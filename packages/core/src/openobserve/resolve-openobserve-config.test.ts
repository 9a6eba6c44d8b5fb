import { describe, expect, it } from 'vitest';
import { OpenObserveConfigError } from '../errors.js';
import { resolveOpenObserveConfig } from './resolve-openobserve-config.js';

const token = 'Basic cm9vdEBleGFtcGxlLmNvbTpDb21wbGV4cGFzcyMxMjM=';

function configError(run: () => unknown): OpenObserveConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(OpenObserveConfigError);
    return error as OpenObserveConfigError;
  }
  throw new Error('expected an OpenObserveConfigError');
}

describe('resolveOpenObserveConfig', () => {
  it('uses the defaults of the Python SDK when only the token is set', () => {
    const config = resolveOpenObserveConfig({}, { OPENOBSERVE_AUTH_TOKEN: token });
    expect(config.enabled).toBe(true);
    expect(config.tracesEndpoint).toBe('http://localhost:5080/api/default/v1/traces');
    expect(config.headers).toEqual({ Authorization: token, 'stream-name': 'default' });
    expect(config.timeoutMs).toBe(10_000);
    expect(config.batch).toEqual({ maxQueueSize: 2048, maxExportBatchSize: 512, scheduledDelayMillis: 5000 });
  });

  it('reads every variable, and options beat them', () => {
    const env = {
      OPENOBSERVE_URL: 'https://o2.example.com/',
      OPENOBSERVE_ORG: 'acme',
      OPENOBSERVE_AUTH_TOKEN: token,
      OPENOBSERVE_TRACES_STREAM_NAME: 'llm',
      OPENOBSERVE_TIMEOUT: '2.5',
      OTEL_SERVICE_NAME: 'from-env',
    };
    const fromEnv = resolveOpenObserveConfig({}, env);
    expect(fromEnv.tracesEndpoint).toBe('https://o2.example.com/api/acme/v1/traces');
    expect(fromEnv.streamName).toBe('llm');
    expect(fromEnv.timeoutMs).toBe(2500);
    expect(fromEnv.serviceName).toBe('from-env');

    const fromOptions = resolveOpenObserveConfig(
      { url: 'http://127.0.0.1:9/o2/', org: 'my org', streamName: 's', timeoutMs: 100, serviceName: 'svc' },
      env,
    );
    expect(fromOptions.tracesEndpoint).toBe('http://127.0.0.1:9/o2/api/my%20org/v1/traces');
    expect(fromOptions.headers['stream-name']).toBe('s');
    expect(fromOptions.timeoutMs).toBe(100);
    expect(fromOptions.serviceName).toBe('svc');
    expect(fromOptions.resourceAttributes['service.name']).toBe('svc');
  });

  it('formats the auth token: scheme kept, bare token gets Basic, email:password is encoded', () => {
    const header = (authToken: string) => resolveOpenObserveConfig({ authToken }, {}).headers.Authorization;
    expect(header('Basic abc=')).toBe('Basic abc=');
    expect(header('Bearer xyz')).toBe('Bearer xyz');
    expect(header('abc=')).toBe('Basic abc=');
    expect(header('root@example.com:Complexpass#123')).toBe(token);
  });

  it('keeps extra headers but never lets them drop the stream name', () => {
    const config = resolveOpenObserveConfig({ authToken: 'x', headers: { 'x-extra': '1' } }, {});
    expect(config.headers).toMatchObject({
      'x-extra': '1',
      'stream-name': 'default',
      Authorization: 'Basic x',
    });
  });

  it('needs no token when disabled, by option or variable', () => {
    expect(resolveOpenObserveConfig({ enabled: false }, {}).enabled).toBe(false);
    const disabled = resolveOpenObserveConfig({}, { OPENOBSERVE_ENABLED: 'false' });
    expect(disabled.enabled).toBe(false);
    expect(disabled.headers.Authorization).toBeUndefined();
    expect(
      resolveOpenObserveConfig({ enabled: true, authToken: 't' }, { OPENOBSERVE_ENABLED: '0' }).enabled,
    ).toBe(true);
  });

  it('names the variable and the fix for a missing token', () => {
    const error = configError(() => resolveOpenObserveConfig({}, {}));
    expect(error.code).toBe('MISSING_AUTH_TOKEN');
    expect(error.message).toContain('OPENOBSERVE_AUTH_TOKEN');
    expect(error.message).toContain('OPENOBSERVE_ENABLED=false');
  });

  it.each(['localhost:5080', 'ftp://host', 'not a url'])('refuses the URL %s', (url) => {
    const error = configError(() => resolveOpenObserveConfig({ url, authToken: 't' }, {}));
    expect(error.code).toBe('INVALID_URL');
    expect(error.message).toContain('OPENOBSERVE_URL');
    expect(error.message).toContain(url);
  });

  it('refuses an empty org from option or variable', () => {
    expect(configError(() => resolveOpenObserveConfig({ org: ' ', authToken: 't' }, {})).code).toBe(
      'EMPTY_ORG',
    );
    const error = configError(() =>
      resolveOpenObserveConfig({}, { OPENOBSERVE_ORG: '', OPENOBSERVE_AUTH_TOKEN: 't' }),
    );
    expect(error.code).toBe('EMPTY_ORG');
    expect(error.message).toContain('OPENOBSERVE_ORG');
  });

  it.each([0, -1, Number.NaN])('refuses timeoutMs=%s', (timeoutMs) => {
    const error = configError(() => resolveOpenObserveConfig({ timeoutMs, authToken: 't' }, {}));
    expect(error.code).toBe('INVALID_TIMEOUT');
    expect(error.message).toContain('timeoutMs');
  });

  it.each(['0', '-3', 'soon'])('refuses OPENOBSERVE_TIMEOUT=%s', (value) => {
    const error = configError(() =>
      resolveOpenObserveConfig({ authToken: 't' }, { OPENOBSERVE_TIMEOUT: value }),
    );
    expect(error.code).toBe('INVALID_TIMEOUT');
    expect(error.message).toContain('OPENOBSERVE_TIMEOUT');
  });

  it('refuses an OPENOBSERVE_ENABLED that is not a boolean', () => {
    const error = configError(() => resolveOpenObserveConfig({}, { OPENOBSERVE_ENABLED: 'maybe' }));
    expect(error.code).toBe('INVALID_ENABLED');
    expect(error.message).toContain('OPENOBSERVE_ENABLED');
  });

  it('refuses batch settings that are not positive whole numbers', () => {
    const error = configError(() =>
      resolveOpenObserveConfig({ authToken: 't', batch: { maxQueueSize: 0 } }, {}),
    );
    expect(error.code).toBe('INVALID_BATCH_SETTING');
    expect(error.message).toContain('maxQueueSize');
  });

  it('refuses the grpc protocol of the Python SDK, accepts http/protobuf', () => {
    expect(
      configError(() => resolveOpenObserveConfig({ authToken: 't' }, { OPENOBSERVE_PROTOCOL: 'grpc' })).code,
    ).toBe('UNSUPPORTED_PROTOCOL');
    expect(
      resolveOpenObserveConfig({ authToken: 't' }, { OPENOBSERVE_PROTOCOL: 'http/protobuf' }).enabled,
    ).toBe(true);
  });

  it('defaults the service name to the app package name, never unknown_service', () => {
    const config = resolveOpenObserveConfig({ authToken: 't' }, {});
    expect(config.serviceName).toBe('@portobserve/core');
    const fromResourceEnv = resolveOpenObserveConfig(
      { authToken: 't' },
      { OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=dev,service.name=billing' },
    );
    expect(fromResourceEnv.serviceName).toBe('billing');
  });
});
