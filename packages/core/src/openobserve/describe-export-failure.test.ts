import { describe, expect, it } from 'vitest';
import { classifyExportResult, type FailureContext, parseRetryAfter } from './describe-export-failure.js';
import type { TransportResult } from './http-transport.js';

const context: FailureContext = {
  endpoint: 'http://o2:5080/api/default/v1/traces',
  settingNames: { endpoint: 'OPENOBSERVE_URL', auth: 'OPENOBSERVE_AUTH_TOKEN' },
  timeoutMs: 10_000,
  backend: 'OpenObserve',
  redact: (text) => text,
};

function failure(result: TransportResult) {
  const outcome = classifyExportResult(result, context);
  if (outcome.type !== 'failed') throw new Error('expected a failure');
  return outcome.failure;
}

const answer = (status: number, body = ''): TransportResult => ({
  type: 'answer',
  status,
  statusText: '',
  retryAfter: undefined,
  body,
});
const networkError = (code: string): TransportResult => ({
  type: 'error',
  code,
  message: `${code} happened`,
});

describe('classifyExportResult', () => {
  it.each([
    [429, true],
    [502, true],
    [503, true],
    [504, true],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [413, false],
    [500, false],
  ])('%i: its own kind, retryable=%s, the status in the message', (status, retryable) => {
    const found = failure(answer(status));
    expect(found.kind).toBe(`http-${status}`);
    expect(found.retryable).toBe(retryable);
    expect(found.description).toContain(`OpenObserve answered ${status} `);
  });

  it('404: names the base URL without /web or /api, and the organization', () => {
    expect(failure(answer(404)).description).toMatch(
      /check OPENOBSERVE_URL, .*without \/web or \/api.*OPENOBSERVE_ORG/,
    );
    const standard = {
      ...context,
      settingNames: { ...context.settingNames, endpoint: 'OTEL_EXPORTER_OTLP_ENDPOINT' },
    };
    const outcome = classifyExportResult(answer(404), standard);
    expect(outcome.type === 'failed' && outcome.failure.description).toMatch(
      /check OTEL_EXPORTER_OTLP_ENDPOINT\.$/,
    );
  });

  it.each([
    ['ECONNREFUSED', true, /is OpenObserve running, and is OPENOBSERVE_URL right/],
    ['ENOTFOUND', true, /does not resolve: check OPENOBSERVE_URL/],
    ['ECONNRESET', true, /connection was cut/],
    ['TIMEOUT', true, /did not answer within 10000 ms \(timeout\).*OPENOBSERVE_TIMEOUT/],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', false, /NODE_EXTRA_CA_CERTS/],
    ['EPROTO', false, /http:\/\/ versus https:\/\//],
  ])('%s: retryable=%s, with the setting to check', (code, retryable, hint) => {
    const found = failure(networkError(code));
    expect(found.kind).toBe(code === 'TIMEOUT' ? 'timeout' : `network-${code}`);
    expect(found.retryable).toBe(retryable);
    expect(found.description).toMatch(hint);
  });

  it('reads a partial success, with rejectedSpans as a number or an int64 string', () => {
    for (const rejectedSpans of [3, '3']) {
      const body = JSON.stringify({ partialSuccess: { rejectedSpans, errorMessage: 'too old' } });
      expect(classifyExportResult(answer(206, body), context)).toEqual({
        type: 'accepted',
        rejectedSpans: 3,
        rejectionMessage: 'too old',
        unreadableBody: undefined,
      });
    }
    expect(classifyExportResult(answer(200, '{"partialSuccess":null}'), context)).toMatchObject({
      rejectedSpans: 0,
    });
    expect(classifyExportResult(answer(200, '<html>'), context)).toMatchObject({ unreadableBody: '<html>' });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, and caps a wait of hours at 5 minutes', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('86400', now)).toBe(300_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
