import { describe, expect, it } from 'vitest';
import { otlpJsonToRows } from './otlp-json-to-rows.js';
import { OtlpJsonError } from './otlp-json-values.js';
import {
  type Json,
  makeRequest,
  makeSpan,
  nanosFromNow,
  PARENT_SPAN_ID,
  SPAN_ID,
  TRACE_ID,
} from './test-fixtures.js';

function convert(body: unknown) {
  return otlpJsonToRows(body, { stream: 'default' });
}

function onlyRow(body: unknown) {
  const result = convert(body);
  expect(result.rejections).toEqual([]);
  expect(result.rows).toHaveLength(1);
  return result.rows[0]!;
}

describe('otlpJsonToRows', () => {
  it('builds every row column of a span', () => {
    const start = 1_700_000_000_123_456_789n;
    const nowMs = Number(start / 1_000_000n) + 1000;
    const result = otlpJsonToRows(
      makeRequest(
        [
          makeSpan({
            parentSpanId: PARENT_SPAN_ID,
            startTimeUnixNano: start.toString(),
            endTimeUnixNano: (start + 2_500_999n).toString(),
            status: { code: 2, message: 'boom' },
            attributes: [{ key: 'llm.model_name', value: { stringValue: 'gpt-4o' } }],
            events: [
              {
                timeUnixNano: (start + 1_000_000n).toString(),
                name: 'exception',
                attributes: [{ key: 'exception.Type', value: { stringValue: 'Error' } }],
              },
            ],
          }),
        ],
        [
          { key: 'service.name', value: { stringValue: 'my-service' } },
          { key: 'service.version', value: { stringValue: '1.2.3' } },
          { key: 'telemetry.sdk.name', value: { stringValue: 'opentelemetry' } },
        ],
      ),
      { stream: 'default', nowMs },
    );
    expect(result.rejections).toEqual([]);
    expect(result.spanCount).toBe(1);
    expect(result.rows).toEqual([
      {
        trace_id: TRACE_ID,
        span_id: SPAN_ID,
        flags: 1,
        span_status: 'ERROR',
        span_kind: '3',
        operation_name: 'ChatCompletion',
        start_time: Number(start),
        end_time: Number(start + 2_500_999n),
        duration: 2500,
        service_name: 'my-service',
        reference_parent_span_id: PARENT_SPAN_ID,
        reference_parent_trace_id: TRACE_ID,
        reference_ref_type: 'CHILD_OF',
        events: JSON.stringify([
          { name: 'exception', _timestamp: 1_700_000_000_124_456, exception_type: 'Error' },
        ]),
        links: '[]',
        status_code: 2,
        status_message: 'boom',
        _timestamp: 1_700_000_000_123_456,
        service_service_version: '1.2.3',
        service_telemetry_sdk_name: 'opentelemetry',
        llm_model_name: 'gpt-4o',
        // llm.model_name makes it an LLM span: OpenObserve's LLM step adds these
        // (src/core/src/traces/otel/processor.rs), priced from its table at 0 tokens.
        gen_ai_operation_name: 'chat',
        gen_ai_response_model: 'gpt-4o',
        gen_ai_agent_version: '1.2.3',
        gen_ai_usage_input_tokens: 0,
        gen_ai_usage_output_tokens: 0,
        gen_ai_usage_total_tokens: 0,
        gen_ai_usage_cost_input: 0,
        gen_ai_usage_cost_output: 0,
        gen_ai_usage_cost: 0,
        _double_cost_computed: 'gpt-4o',
      },
    ]);
  });

  it('leaves reference_parent_span_id empty for a root span and falls back to the stream as service', () => {
    const row = otlpJsonToRows(makeRequest([makeSpan()], []), { stream: 'my_stream' }).rows[0]!;
    expect(row.reference_parent_span_id).toBe('');
    expect(row).not.toHaveProperty('reference_parent_trace_id');
    expect(row.service_name).toBe('my_stream');
    expect(row.span_status).toBe('UNSET');
  });

  it('reads kind and status code as enum numbers, and times as numbers', () => {
    const row = onlyRow(
      makeRequest([
        makeSpan({
          kind: 2,
          status: { code: 1 },
          startTimeUnixNano: Number(nanosFromNow(-2000)),
          endTimeUnixNano: Number(nanosFromNow(-1000)),
        }),
      ]),
    );
    expect(row.span_kind).toBe('2');
    expect(row.span_status).toBe('OK');
    expect(row.status_code).toBe(1);
    expect(row.duration).toBeGreaterThan(900_000);
  });

  it('stores every attribute value as a string, array items too (get_val in src/core/src/ingestion/grpc.rs)', () => {
    const row = onlyRow(
      makeRequest([
        makeSpan({
          attributes: [
            { key: 's', value: { stringValue: 'text' } },
            { key: 'i_str', value: { intValue: '9007199254740993' } },
            { key: 'i_num', value: { intValue: 42 } },
            { key: 'd', value: { doubleValue: 0.7 } },
            { key: 'b', value: { boolValue: false } },
            { key: 'arr', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '2' }] } } },
            { key: 'empty', value: {} },
          ],
        }),
      ]),
    );
    expect(row.s).toBe('text');
    expect(row.i_str).toBe('9007199254740993');
    expect(row.i_num).toBe('42');
    expect(row.d).toBe('0.7');
    expect(row.b).toBe('false');
    expect(row.arr).toBe('["a","2"]');
    expect(row).not.toHaveProperty('empty');
  });

  it('stores gen_ai_usage_* values as numbers', () => {
    const row = onlyRow(
      makeRequest([
        makeSpan({
          attributes: [
            { key: 'gen_ai.usage.input_tokens', value: { intValue: '12' } },
            { key: 'gen_ai.usage.output_tokens', value: { intValue: 30 } },
            { key: 'gen_ai.usage.cost', value: { doubleValue: 0.00042 } },
            { key: 'GEN_AI.usage.total_tokens', value: { stringValue: '42' } },
            { key: 'llm.token_count.prompt', value: { intValue: '12' } },
          ],
        }),
      ]),
    );
    expect(row.gen_ai_usage_input_tokens).toBe(12);
    expect(row.gen_ai_usage_output_tokens).toBe(30);
    expect(row.gen_ai_usage_cost).toBe(0.00042);
    expect(row.gen_ai_usage_total_tokens).toBe(42);
    expect(row.llm_token_count_prompt).toBe('12');
  });

  it('prefixes attr_ to span attributes colliding with a row column', () => {
    const row = onlyRow(
      makeRequest(
        [
          makeSpan({
            attributes: [
              { key: 'duration', value: { intValue: 5 } },
              { key: 'trace.id', value: { stringValue: 'x' } },
              { key: 'service.version', value: { stringValue: 'span-level' } },
              { key: '_timestamp', value: { stringValue: 'y' } },
            ],
          }),
        ],
        [
          { key: 'service.name', value: { stringValue: 'svc' } },
          { key: 'service.version', value: { stringValue: '1.0' } },
        ],
      ),
    );
    expect(row.attr_duration).toBe('5');
    expect(typeof row.duration).toBe('number');
    expect(row.attr_trace_id).toBe('x');
    expect(row.trace_id).toBe(TRACE_ID);
    expect(row.attr_service_service_version).toBeUndefined();
    expect(row.service_service_version).toBe('1.0');
    expect(row.service_version).toBe('span-level');
    expect(row.attr__timestamp).toBe('y');
  });

  it('writes links as JSON with their context', () => {
    const row = onlyRow(
      makeRequest([
        makeSpan({
          links: [
            {
              traceId: TRACE_ID,
              spanId: PARENT_SPAN_ID,
              attributes: [{ key: 'link.Type', value: { stringValue: 'follows' } }],
            },
          ],
        }),
      ]),
    );
    expect(JSON.parse(String(row.links))).toEqual([
      {
        context: { traceId: TRACE_ID, spanId: PARENT_SPAN_ID, traceFlags: 0, traceState: '' },
        link_type: 'follows',
        droppedAttributesCount: 0,
      },
    ]);
  });

  it.each<[string, Json, RegExp]>([
    ['a short trace id', { traceId: 'abc' }, /trace id "abc" is not 16 bytes/],
    ['a missing trace id', { traceId: undefined }, /trace id "" is not 16 bytes/],
    ['a base64 trace id', { traceId: 'W47/95gDgQPSabYzgT/GDA==' }, /trace id/],
    ['a non-hex span id', { spanId: 'zzzzzzzzzzzzzzzz' }, /span id "zzzzzzzzzzzzzzzz" is not 8 bytes/],
    ['a bad parent span id', { parentSpanId: '1234' }, /parent span id/],
    [
      'a start older than 5 h',
      { startTimeUnixNano: nanosFromNow(-5 * 3600_000 - 60_000) },
      /older than 5 hours/,
    ],
    [
      'a start more than 24 h ahead',
      { startTimeUnixNano: nanosFromNow(25 * 3600_000), endTimeUnixNano: nanosFromNow(25 * 3600_000 + 1) },
      /more than 24 hours in the future/,
    ],
    ['an end before the start', { endTimeUnixNano: nanosFromNow(-60_000) }, /end time is before start time/],
    ['a bad link id', { links: [{ traceId: TRACE_ID, spanId: 'x' }] }, /link 0 span id/],
  ])('rejects a span with %s', (_label, fields, reason) => {
    const result = convert(makeRequest([makeSpan(fields), makeSpan({ name: 'good' })]));
    expect(result.spanCount).toBe(2);
    expect(result.rows.map((row) => row.operation_name)).toEqual(['good']);
    expect(result.rejections).toHaveLength(1);
    expect(result.rejections[0]).toMatch(reason);
  });

  it('rejects a span whose record has more than 1000 columns', () => {
    const attributes = Array.from({ length: 1000 }, (_, i) => ({
      key: `a${i}`,
      value: { stringValue: 'v' },
    }));
    const result = convert(makeRequest([makeSpan({ attributes })]));
    expect(result.rows).toEqual([]);
    expect(result.rejections[0]).toMatch(/more than the limit of 1000/);
    const fits = convert(makeRequest([makeSpan({ attributes: attributes.slice(0, 980) })]));
    expect(fits.rows).toHaveLength(1);
  });

  it.each<[string, unknown]>([
    ['a body without resourceSpans', {}],
    ['an array body', []],
    ['resourceSpans that is not an array', { resourceSpans: {} }],
    ['a kind that is not an enum', makeRequest([makeSpan({ kind: 'CLIENT' })])],
    [
      'a kind given by name (OTLP/JSON enums are numbers)',
      makeRequest([makeSpan({ kind: 'SPAN_KIND_CLIENT' })]),
    ],
    [
      'a kvlistValue (never an OpenTelemetry JS attribute)',
      makeRequest([
        makeSpan({
          attributes: [
            { key: 'kv', value: { kvlistValue: { values: [{ key: 'k', value: { boolValue: true } }] } } },
          ],
        }),
      ]),
    ],
    ['a bytesValue', makeRequest([makeSpan({ attributes: [{ key: 'b', value: { bytesValue: 'AQID' } }] })])],
    [
      'a doubleValue given as a string',
      makeRequest([makeSpan({ attributes: [{ key: 'd', value: { doubleValue: 'NaN' } }] })]),
    ],
    ['a status code out of range', makeRequest([makeSpan({ status: { code: 7 } })])],
    [
      'a fractional intValue',
      makeRequest([makeSpan({ attributes: [{ key: 'a', value: { intValue: 1.5 } }] })]),
    ],
    [
      'an attribute value that is not an AnyValue',
      makeRequest([makeSpan({ attributes: [{ key: 'a', value: 'x' }] })]),
    ],
    [
      'a stringValue that is a number',
      makeRequest([makeSpan({ attributes: [{ key: 'a', value: { stringValue: 1 } }] })]),
    ],
    ['a time with a fraction', makeRequest([makeSpan({ startTimeUnixNano: '1.5' })])],
    ['a trace id that is a number', makeRequest([makeSpan({ traceId: 1 })])],
    ['a snake_case body', { resource_spans: [] }],
  ])('refuses %s as invalid JSON structure', (_label, body) => {
    expect(() => convert(body)).toThrow(OtlpJsonError);
  });
});
