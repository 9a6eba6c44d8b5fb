import { trace } from '@opentelemetry/api';
import { type OpenObserveDouble, startOpenObserve } from '@portobserve/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  OpenObserveConfigError,
  type OpenObserveHandle,
  openobserveInit,
  openobserveSpanProcessor,
} from '../../src/index.js';

// What the settings do on the wire, against the OpenObserve double: compression, the standard OTLP
// endpoint override, partial success, early failure reports, and bad settings that never throw.

let double: OpenObserveDouble;
let handle: OpenObserveHandle | undefined;

beforeAll(async () => {
  double = await startOpenObserve({ recordBodies: true });
});
afterEach(async () => {
  await handle?.shutdown();
  handle = undefined;
  double.reset();
  await double.acceptConnections();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});
afterAll(async () => {
  await double.close();
});

function init(options: Parameters<typeof openobserveInit>[0] = {}): OpenObserveHandle {
  handle = openobserveInit({ url: double.url, authToken: double.authToken, ...options });
  return handle;
}

function endSpan(name: string, startTime?: Date): void {
  trace.getTracer('settings-test').startSpan(name, { startTime }).end();
}

describe('compression', () => {
  it('gzips request bodies by default, and the double decodes them into rows', async () => {
    const openobserve = init();
    endSpan('gzipped');
    await openobserve.forceFlush();
    const request = double.requests[0];
    expect(request?.headers['content-encoding']).toBe('gzip');
    expect(Number(request?.headers['content-length'])).toBeLessThan(request?.body?.length ?? 0);
    expect(double.rows().map((row) => row.operation_name)).toEqual(['gzipped']);
  });

  it.each([
    ['the compression option', { compression: 'none' as const }, {}],
    ['OPENOBSERVE_COMPRESSION=none', {}, { OPENOBSERVE_COMPRESSION: 'none' }],
  ])('sends plain JSON with %s', async (_label, options, env) => {
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    const openobserve = init(options);
    endSpan('plain');
    await openobserve.forceFlush();
    expect(double.requests[0]?.headers['content-encoding']).toBeUndefined();
    expect(double.rows().map((row) => row.operation_name)).toEqual(['plain']);
  });
});

describe('the standard OTLP endpoint', () => {
  it('OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces and OTEL_EXPORTER_OTLP_HEADERS replace the OpenObserve URL; no token needed', async () => {
    vi.stubEnv('OPENOBSERVE_URL', 'http://127.0.0.1:9');
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', `${double.url}/api/acme/`);
    vi.stubEnv(
      'OTEL_EXPORTER_OTLP_HEADERS',
      `Authorization=${encodeURIComponent(double.authToken)},stream-name=from-otel`,
    );
    handle = openobserveInit();
    expect(handle.endpoint).toBe(`${double.url}/api/acme/v1/traces`);
    endSpan('through-otel-endpoint');
    await handle.forceFlush();
    expect(double.requests[0]).toMatchObject({ path: '/api/acme/v1/traces', status: 200 });
    expect(double.rows({ org: 'acme', stream: 'from_otel' }).map((row) => row.operation_name)).toEqual([
      'through-otel-endpoint',
    ]);
  });

  it('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is used as is, and wins over OTEL_EXPORTER_OTLP_ENDPOINT', async () => {
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', 'http://127.0.0.1:9');
    vi.stubEnv('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', `${double.url}/api/traces-org/traces`);
    vi.stubEnv('OTEL_EXPORTER_OTLP_TRACES_HEADERS', `Authorization=${encodeURIComponent(double.authToken)}`);
    handle = openobserveInit();
    endSpan('alias-path');
    await handle.forceFlush();
    expect(double.rows({ org: 'traces-org' }).map((row) => row.operation_name)).toEqual(['alias-path']);
  });

  it('names the standard variable, not OPENOBSERVE_*, when the endpoint refuses the credentials', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', `${double.url}/api/default`);
    vi.stubEnv('OTEL_EXPORTER_OTLP_HEADERS', 'Authorization=Basic%20d3Jvbmc6d3Jvbmc%3D');
    handle = openobserveInit();
    endSpan('refused');
    await handle.forceFlush();
    expect(warn).toHaveBeenCalledTimes(1);
    const line = String(warn.mock.calls[0]?.[0]);
    expect(line).toMatch(
      /the OTLP endpoint answered 401 .*check the Authorization header in OTEL_EXPORTER_OTLP_HEADERS/,
    );
    expect(line).not.toContain('d3Jvbmc6d3Jvbmc');
    expect(line).not.toContain('wrong:wrong');
  });
});

describe('partial success', () => {
  it('counts the spans OpenObserve rejected (started more than 5 h ago) and warns once with its message', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const openobserve = init();
    const sixHoursAgo = new Date(Date.now() - 6 * 60 * 60 * 1000);
    endSpan('too-old', sixHoursAgo);
    endSpan('fresh');
    endSpan('too-old-2', sixHoursAgo);
    await openobserve.forceFlush();
    expect(double.requests[0]?.status).toBe(206);
    expect(double.rows().map((row) => row.operation_name)).toEqual(['fresh']);
    expect(openobserve.stats()).toMatchObject({
      producedSpans: 3,
      exportedSpans: 1,
      rejectedSpans: 2,
      droppedSpans: 2,
      queuedSpans: 0,
    });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(
      /OpenObserve accepted 1 of 3 spans and rejected 2: "Some spans were rejected due to exceeding the allowed retention period/,
    );
  });
});

describe('early failure reports', () => {
  it('reports a refused connection at the first export, long before the first scheduled batch', async () => {
    const events: string[] = [];
    vi.spyOn(console, 'warn').mockImplementation((line: unknown) => {
      events.push(`warning: ${String(line)}`);
    });
    await double.refuseConnections();
    // Ten minutes between scheduled batches: only the early first export can produce this warning.
    const openobserve = init({ timeoutMs: 1000, batch: { scheduledDelayMillis: 600_000 } });
    endSpan('first');
    events.push('span ended');
    await vi.waitFor(() => expect(events.length).toBeGreaterThan(1), { timeout: 20_000, interval: 20 });
    expect(events[0]).toBe('span ended');
    expect(events[1]).toMatch(/could not reach OpenObserve at .*ECONNREFUSED.*is the `url` option right\?/);
    expect(openobserve.stats()).toMatchObject({ producedSpans: 1, queuedSpans: 1, droppedSpans: 0 });
  });
});

describe('a bad setting never takes the app down', () => {
  it('logs one error naming the setting and the fix, and runs with export off', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.stubEnv('OPENOBSERVE_AUTH_TOKEN', '');
    const first = openobserveInit({ url: double.url, org: 'no-token' });
    const again = openobserveInit({ url: double.url, org: 'no-token' });
    for (const result of [first, again]) {
      expect(result.enabled).toBe(false);
      expect(result.registered).toBe(false);
      expect(result.endpoint).toBeUndefined();
      expect((result.configError as OpenObserveConfigError).code).toBe('MISSING_AUTH_TOKEN');
    }
    expect(error).toHaveBeenCalledTimes(1);
    const line = String(error.mock.calls[0]?.[0]);
    expect(line).toMatch(/^\[portobserve\] OpenObserve export is off: OpenObserve auth token is required/);
    expect(line).toContain('OPENOBSERVE_AUTH_TOKEN');
    expect(line).toContain('OPENOBSERVE_STRICT=true');
    endSpan('nowhere');
    expect(double.requests).toHaveLength(0);
  });

  it('OPENOBSERVE_URL=localhost:5080 is named with the fix (the missing scheme)', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.stubEnv('OPENOBSERVE_URL', 'localhost:5080');
    const result = openobserveInit({ authToken: 't' });
    expect((result.configError as OpenObserveConfigError).code).toBe('INVALID_URL');
    expect(String(error.mock.calls[0]?.[0])).toMatch(
      /OPENOBSERVE_URL "localhost:5080" is not an http\(s\) URL: set OPENOBSERVE_URL to something like http:\/\/localhost:5080\./,
    );
  });

  it('OPENOBSERVE_STRICT=true makes the same setting throw, for scripts and CI', () => {
    vi.stubEnv('OPENOBSERVE_STRICT', 'true');
    vi.stubEnv('OPENOBSERVE_AUTH_TOKEN', '');
    expect(() => openobserveInit({ url: double.url })).toThrow(OpenObserveConfigError);
    expect(() => openobserveSpanProcessor({ url: double.url })).toThrow(/OPENOBSERVE_AUTH_TOKEN/);
  });

  it('openobserveSpanProcessor falls back to a processor that exports nothing', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const processor = openobserveSpanProcessor({ url: 'ftp://o2.example.com', authToken: 't' });
    expect(processor.endpoint).toBeUndefined();
    expect((processor.configError as OpenObserveConfigError).code).toBe('INVALID_URL');
    await processor.forceFlush();
    await processor.shutdown();
  });
});
