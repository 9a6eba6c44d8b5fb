import { describe, expect, it } from 'vitest';
import { OpenObserveConfigError } from '../errors.js';
import { isOpenObserveStrict, resolveOpenObserveConfig } from './resolve-openobserve-config.js';

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
    expect(config.compression).toBe('gzip');
    expect(config.strict).toBe(false);
    expect(config.standardEndpoint).toBe(false);
    expect(config.settingNames).toEqual({
      endpoint: 'OPENOBSERVE_URL (unset, so http://localhost:5080)',
      auth: 'OPENOBSERVE_AUTH_TOKEN',
    });
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

  it('suggests the missing scheme for host:port', () => {
    expect(
      configError(() => resolveOpenObserveConfig({}, { OPENOBSERVE_URL: 'localhost:5080' })).message,
    ).toBe(
      'OPENOBSERVE_URL "localhost:5080" is not an http(s) URL: set OPENOBSERVE_URL to something like http://localhost:5080.',
    );
    expect(configError(() => resolveOpenObserveConfig({ url: 'localhost:5080' }, {})).message).toBe(
      'OpenObserve URL "localhost:5080" is not an http(s) URL: pass `url` or set OPENOBSERVE_URL to something like http://localhost:5080.',
    );
  });

  it('never repeats a password written into the URL', () => {
    const error = configError(() =>
      resolveOpenObserveConfig({ url: 'root:hunter22@o2 .example.com', authToken: 't' }, {}),
    );
    expect(error.message).not.toContain('hunter22');
    expect(error.message).toContain('root:***@');
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

  it('reads compression from the option, OPENOBSERVE_COMPRESSION, and nothing else for OpenObserve', () => {
    expect(resolveOpenObserveConfig({ authToken: 't', compression: 'none' }, {}).compression).toBe('none');
    expect(
      resolveOpenObserveConfig({ authToken: 't' }, { OPENOBSERVE_COMPRESSION: 'NONE' }).compression,
    ).toBe('none');
    // Standard variables belong to the standard endpoint.
    expect(
      resolveOpenObserveConfig({ authToken: 't' }, { OTEL_EXPORTER_OTLP_COMPRESSION: 'none' }).compression,
    ).toBe('gzip');
    const error = configError(() =>
      resolveOpenObserveConfig({ authToken: 't' }, { OPENOBSERVE_COMPRESSION: 'br' }),
    );
    expect(error.code).toBe('INVALID_COMPRESSION');
    expect(error.message).toContain('OPENOBSERVE_COMPRESSION="br"');
  });

  it('reads strict from the option or OPENOBSERVE_STRICT, and refuses a value that is not a boolean', () => {
    expect(resolveOpenObserveConfig({ authToken: 't', strict: true }, {}).strict).toBe(true);
    expect(resolveOpenObserveConfig({ authToken: 't' }, { OPENOBSERVE_STRICT: 'yes' }).strict).toBe(true);
    expect(isOpenObserveStrict({}, { OPENOBSERVE_STRICT: '1' })).toBe(true);
    expect(isOpenObserveStrict({}, { OPENOBSERVE_STRICT: 'maybe' })).toBe(false);
    expect(configError(() => resolveOpenObserveConfig({}, { OPENOBSERVE_STRICT: 'maybe' })).code).toBe(
      'INVALID_STRICT',
    );
  });

  describe('the standard OTLP variables', () => {
    it('OTEL_EXPORTER_OTLP_ENDPOINT gets /v1/traces and needs no OpenObserve token', () => {
      const config = resolveOpenObserveConfig(
        {},
        { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/', OPENOBSERVE_URL: 'http://o2:5080' },
      );
      expect(config.tracesEndpoint).toBe('http://collector:4318/v1/traces');
      expect(config.standardEndpoint).toBe(true);
      expect(config.headers).toEqual({ 'stream-name': 'default' });
      expect(config.settingNames.endpoint).toBe('OTEL_EXPORTER_OTLP_ENDPOINT');
    });

    it('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is used as is and wins', () => {
      const config = resolveOpenObserveConfig(
        {},
        {
          OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
          OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://gateway.example.com/otlp/traces',
        },
      );
      expect(config.tracesEndpoint).toBe('https://gateway.example.com/otlp/traces');
      expect(config.settingNames.endpoint).toBe('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
    });

    it('the url option still beats them, as options beat every variable', () => {
      const config = resolveOpenObserveConfig(
        { url: 'http://o2:5080', authToken: 't' },
        { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' },
      );
      expect(config.tracesEndpoint).toBe('http://o2:5080/api/default/v1/traces');
    });

    it('merges OTEL_EXPORTER_OTLP_HEADERS and _TRACES_HEADERS (URL-decoded), then the headers option, then the token', () => {
      const config = resolveOpenObserveConfig(
        { headers: { 'x-from-option': '1' } },
        {
          OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
          OTEL_EXPORTER_OTLP_HEADERS: 'x-both=general,x-general=1,stream-name=llm',
          OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-both=traces,Authorization=Basic%20abc%3D',
        },
      );
      expect(config.headers).toEqual({
        'x-both': 'traces',
        'x-general': '1',
        'x-from-option': '1',
        Authorization: 'Basic abc=',
        'stream-name': 'llm',
      });
      expect(config.streamName).toBe('llm');
      expect(config.settingNames.auth).toBe('the Authorization header in OTEL_EXPORTER_OTLP_TRACES_HEADERS');
      expect(config.secrets).toContain('Basic abc=');
      // An OpenObserve token given as well replaces that Authorization; an explicit stream name wins too.
      const withToken = resolveOpenObserveConfig(
        {},
        {
          OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
          OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Basic%20abc%3D,stream-name=llm',
          OPENOBSERVE_AUTH_TOKEN: 'Basic xyz=',
          OPENOBSERVE_TRACES_STREAM_NAME: 'chosen',
        },
      );
      expect(withToken.headers).toEqual({ Authorization: 'Basic xyz=', 'stream-name': 'chosen' });
    });

    it("ignores the standard headers when spans go to the OpenObserve URL (they may be another backend's key)", () => {
      const config = resolveOpenObserveConfig(
        { authToken: 't' },
        { OTEL_EXPORTER_OTLP_HEADERS: 'x-honeycomb-team=secret' },
      );
      expect(config.headers).toEqual({ Authorization: 'Basic t', 'stream-name': 'default' });
    });

    it('refuses headers it cannot send, without printing their values', () => {
      const empty = configError(() =>
        resolveOpenObserveConfig(
          {},
          { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_EXPORTER_OTLP_HEADERS: 'nonsense' },
        ),
      );
      expect(empty.code).toBe('INVALID_HEADERS');
      expect(empty.message).toContain('OTEL_EXPORTER_OTLP_HEADERS');
      const bad = configError(() =>
        resolveOpenObserveConfig({ authToken: 't', headers: { 'x-key': 'secret-value\nInjected: 1' } }, {}),
      );
      expect(bad.code).toBe('INVALID_HEADERS');
      expect(bad.message).toContain('"x-key"');
      expect(bad.message).not.toContain('secret-value');
    });

    it('refuses an endpoint that is not http(s), naming the variable', () => {
      const error = configError(() =>
        resolveOpenObserveConfig({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4317' }),
      );
      expect(error.code).toBe('INVALID_URL');
      expect(error.message).toContain(
        'set OTEL_EXPORTER_OTLP_ENDPOINT to something like http://collector:4317',
      );
    });

    it('refuses the grpc protocol for the standard endpoint, and ignores it for OpenObserve', () => {
      expect(
        configError(() =>
          resolveOpenObserveConfig(
            {},
            { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' },
          ),
        ).message,
      ).toMatch(/OTEL_EXPORTER_OTLP_PROTOCOL="grpc" is not supported.*4318/);
      expect(
        resolveOpenObserveConfig({ authToken: 't' }, { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }).enabled,
      ).toBe(true);
    });
  });
});
