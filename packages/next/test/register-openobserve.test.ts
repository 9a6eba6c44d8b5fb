import { trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { startOpenObserve } from '@portobserve/testkit';
import { afterEach, expect, it, vi } from 'vitest';
import { registerOpenObserve } from '../src/index.js';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

it('does nothing on the Edge runtime, and says so once', () => {
  vi.stubEnv('NEXT_RUNTIME', 'edge');
  const info = vi.spyOn(console, 'info').mockImplementation(() => {});
  expect(registerOpenObserve()).toBeUndefined();
  expect(registerOpenObserve()).toBeUndefined();
  expect(info).toHaveBeenCalledTimes(1);
  expect(String(info.mock.calls[0]?.[0])).toMatch(/Edge runtime.*NEXT_RUNTIME === "nodejs"/);
});

it('on Node.js, registers the OpenObserve export; Next.js spans and ours reach it', async () => {
  vi.stubEnv('NEXT_RUNTIME', 'nodejs');
  const openobserve = await startOpenObserve();
  try {
    const handle = registerOpenObserve({
      url: openobserve.url,
      authToken: openobserve.authToken,
      serviceName: 'next-register-test',
      instrumentation: false,
    });
    expect(handle?.registered).toBe(true);
    trace.getTracer('next.js').startSpan('POST /api/chat').end();
    await handle?.forceFlush();
    const rows = await openobserve.waitForRows((found) => found.length === 1);
    expect(rows[0]).toMatchObject({ operation_name: 'POST /api/chat', service_name: 'next-register-test' });
    await handle?.shutdown();
  } finally {
    await openobserve.close();
  }
});

it('explains how to add openobserveSpanProcessor() when another provider is registered', () => {
  vi.stubEnv('NEXT_RUNTIME', 'nodejs');
  const other = new BasicTracerProvider();
  expect(trace.setGlobalTracerProvider(other)).toBe(true);
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  try {
    expect(registerOpenObserve({ authToken: 'Basic abc', instrumentation: false })).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain(
      "registerOTel({ serviceName: 'my-app', spanProcessors: [openobserveSpanProcessor()] })",
    );
  } finally {
    trace.disable();
  }
});

it('without a token, logs one error naming the setting and keeps the server up with export off', () => {
  vi.stubEnv('NEXT_RUNTIME', 'nodejs');
  vi.stubEnv('OPENOBSERVE_AUTH_TOKEN', '');
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  const handle = registerOpenObserve({ url: 'http://127.0.0.1:9', org: 'next-no-token' });
  expect(handle).toMatchObject({ enabled: false, registered: false });
  expect(handle?.configError).toMatchObject({ code: 'MISSING_AUTH_TOKEN' });
  expect(error).toHaveBeenCalledTimes(1);
  expect(String(error.mock.calls[0]?.[0])).toMatch(/OpenObserve export is off: .*OPENOBSERVE_AUTH_TOKEN/);
});

it('a bad setting read by the openai instrumentation is logged too, not thrown', () => {
  vi.stubEnv('NEXT_RUNTIME', 'nodejs');
  vi.stubEnv('OPENOBSERVE_CAPTURE_CONTENT', 'sometimes');
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  expect(() => registerOpenObserve({ enabled: false })).not.toThrow();
  expect(error.mock.calls.map((call) => String(call[0])).join('\n')).toMatch(
    /instrumentOpenAI: OPENOBSERVE_CAPTURE_CONTENT="sometimes".*traced without their content/,
  );
});

it('with strict: true (or OPENOBSERVE_STRICT=true) it throws instead, for CI', () => {
  vi.stubEnv('NEXT_RUNTIME', 'nodejs');
  vi.stubEnv('OPENOBSERVE_AUTH_TOKEN', '');
  expect(() => registerOpenObserve({ url: 'http://127.0.0.1:9', strict: true })).toThrow(
    /OPENOBSERVE_AUTH_TOKEN/,
  );
  vi.stubEnv('OPENOBSERVE_STRICT', 'true');
  expect(() => registerOpenObserve({ url: 'http://127.0.0.1:9' })).toThrow(/OPENOBSERVE_AUTH_TOKEN/);
});
