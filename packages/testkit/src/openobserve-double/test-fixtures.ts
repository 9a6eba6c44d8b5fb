/**
 * Builders of OTLP/JSON request bodies for the double's own tests.
 */

/** A valid 16-byte trace id in hex. */
export const TRACE_ID = '5b8efff798038103d269b633813fc60c';
/** A valid 8-byte span id in hex. */
export const SPAN_ID = 'eee19b7ec3c1b174';
/** Another valid 8-byte span id in hex. */
export const PARENT_SPAN_ID = 'eee19b7ec3c1b173';

/** A JSON object (loosely typed on purpose: tests also build invalid bodies). */
export type Json = Record<string, unknown>;

/**
 * Nanoseconds since epoch, as the decimal string OTLP/JSON uses, `offsetMs` from now.
 *
 * @example
 * ```ts
 * nanosFromNow(-1000); // one second ago
 * ```
 */
export function nanosFromNow(offsetMs = 0): string {
  return (BigInt(Date.now() + offsetMs) * 1_000_000n).toString();
}

/**
 * A span in OTLP/JSON with sensible defaults, overridden by `fields`.
 *
 * @example
 * ```ts
 * makeSpan({ name: 'ChatCompletion' });
 * ```
 */
export function makeSpan(fields: Json = {}): Json {
  const start = BigInt(nanosFromNow(-1000));
  return {
    traceId: TRACE_ID,
    spanId: SPAN_ID,
    name: 'ChatCompletion',
    kind: 3,
    startTimeUnixNano: start.toString(),
    endTimeUnixNano: (start + 1_500_000n).toString(),
    attributes: [],
    status: { code: 0 },
    ...fields,
  };
}

/**
 * An `ExportTraceServiceRequest` in OTLP/JSON holding `spans` under one resource.
 *
 * @example
 * ```ts
 * makeRequest([makeSpan()], [{ key: 'service.name', value: { stringValue: 'svc' } }]);
 * ```
 */
export function makeRequest(
  spans: Json[],
  resourceAttributes: Json[] = [{ key: 'service.name', value: { stringValue: 'test-service' } }],
): Json {
  return {
    resourceSpans: [
      {
        resource: { attributes: resourceAttributes },
        scopeSpans: [{ scope: { name: 'test' }, spans }],
      },
    ],
  };
}
