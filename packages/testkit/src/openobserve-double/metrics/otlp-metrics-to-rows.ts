import { flattenIntoRow } from '../flatten-into-row.js';
import { formatOpenObserveKey } from '../format-key.js';
import { MAX_START_AHEAD_MS } from '../ingest-rules.js';
import type { OpenObserveRow } from '../otlp-json-to-rows.js';
import {
  type OtlpAttribute,
  OtlpJsonError,
  readArray,
  readAttributes,
  readEnum,
  readObject,
  readString,
  readUnixNano,
} from '../otlp-json-values.js';
import { formatRustFloat, toServerValue } from '../server-value.js';

/** What {@link otlpMetricsToRows} made of an OTLP/JSON metrics request. */
export interface OtlpMetricsToRowsResult {
  /** Rows per metric stream (`gen_ai_client_token_usage_bucket`, ...), in arrival order. */
  streams: Map<string, OpenObserveRow[]>;
  /** Data points in the body, accepted or not. */
  dataPointCount: number;
  /** Data points (or metrics without data) refused, each counted once. */
  rejectedDataPoints: number;
  /** The last refusal's message, as OpenObserve reports it. */
  errorMessage: string;
  /** Per metric with data: the family metadata OpenObserve keeps on its stream (type, unit, help). */
  metadata: MetricMetadata[];
}

/** The metadata OpenObserve keeps for a metric family (`Metadata` in `config::meta::promql`; type names inferred). */
export interface MetricMetadata {
  stream: string;
  metric_type: 'gauge' | 'counter' | 'histogram';
  unit: string;
  help: string;
}

/** OpenObserve's message for a data point more than `ZO_INGEST_ALLOWED_IN_FUTURE` (24 h) ahead. */
export const FUTURE_DISCARD_MESSAGE =
  'Too far data, only future 24 hours data can be ingested. Data discarded. You can adjust ingestion max time by setting the environment variable ZO_INGEST_ALLOWED_IN_FUTURE=<max_hours>';

/** The enum names OpenObserve writes (prost's `as_str_name`). */
const TEMPORALITY = [
  'AGGREGATION_TEMPORALITY_UNSPECIFIED',
  'AGGREGATION_TEMPORALITY_DELTA',
  'AGGREGATION_TEMPORALITY_CUMULATIVE',
] as const;
const FLAG_NONE = 'DATA_POINT_FLAGS_DO_NOT_USE';
const NO_RECORDED_VALUE = 1;
const DATA_KINDS = ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] as const;

/**
 * Turns an OTLP/JSON metrics body into the rows OpenObserve stores (`src/core/src/metrics/otlp.rs`):
 * one stream per metric, its name formatted as a stream name (`gen_ai.client.token.usage` becomes
 * `gen_ai_client_token_usage`); a histogram point becomes a `_count`, `_sum`, `_min` and `_max` row
 * and one `_bucket` row per bucket, with `le` and the running count. Every row carries the resource
 * and point attributes under their formatted keys (as strings), `__name__`, `value`, `_timestamp`
 * (µs), `start_time` (ns, as text), `flag` and the scope's `instrumentation_library_name` /
 * `_version`; sums and histograms add `aggregation_temporality`, sums `is_monotonic`. A metric
 * without data and a point more than 24 h ahead are refused (206). Left out: the `__hash__` series
 * signature. Stricter than OpenObserve: exponential histograms, summaries and exemplars are refused
 * with a 400, as nothing we send has them.
 *
 * @example
 * ```ts
 * const { streams } = otlpMetricsToRows(body, Date.now());
 * streams.get('gen_ai_client_operation_duration_count')?.[0]?.value; // 1
 * ```
 */
export function otlpMetricsToRows(body: unknown, nowMs: number): OtlpMetricsToRowsResult {
  const result: OtlpMetricsToRowsResult = {
    streams: new Map(),
    dataPointCount: 0,
    rejectedDataPoints: 0,
    errorMessage: '',
    metadata: [],
  };
  const root = readObject(body, '$') ?? {};
  readArray(root.resourceMetrics, 'resourceMetrics').forEach((resourceValue, r) => {
    const resourcePath = `resourceMetrics[${r}]`;
    const resourceMetrics = readObject(resourceValue, resourcePath) ?? {};
    const resource = readObject(resourceMetrics.resource, `${resourcePath}.resource`) ?? {};
    const base: OpenObserveRow = {};
    addAttributes(base, readAttributes(resource.attributes, `${resourcePath}.resource.attributes`));
    readArray(resourceMetrics.scopeMetrics, `${resourcePath}.scopeMetrics`).forEach((scopeValue, s) => {
      const scopePath = `${resourcePath}.scopeMetrics[${s}]`;
      const scopeMetrics = readObject(scopeValue, scopePath) ?? {};
      const scope = readObject(scopeMetrics.scope, `${scopePath}.scope`);
      const scoped: OpenObserveRow = { ...base };
      if (scope !== undefined) {
        scoped.instrumentation_library_name = readString(scope.name, `${scopePath}.scope.name`);
        scoped.instrumentation_library_version = readString(scope.version, `${scopePath}.scope.version`);
      }
      readArray(scopeMetrics.metrics, `${scopePath}.metrics`).forEach((metricValue, m) => {
        addMetric(result, readObject(metricValue, `${scopePath}.metrics[${m}]`) ?? {}, scoped, {
          path: `${scopePath}.metrics[${m}]`,
          nowMs,
        });
      });
    });
  });
  return result;
}

interface MetricContext {
  path: string;
  nowMs: number;
}

function addMetric(
  result: OtlpMetricsToRowsResult,
  metric: Record<string, unknown>,
  scoped: OpenObserveRow,
  context: MetricContext,
): void {
  const rawName = readString(metric.name, `${context.path}.name`);
  const name = formatStreamName(rawName);
  const kinds = DATA_KINDS.filter((kind) => metric[kind] !== undefined && metric[kind] !== null);
  if (kinds.length > 1) throw new OtlpJsonError(context.path, `more than one of ${kinds.join(', ')}`);
  const kind = kinds[0];
  if (kind === undefined) {
    result.rejectedDataPoints += 1;
    result.errorMessage = `metric ${name} has no data points`;
    return;
  }
  if (kind === 'exponentialHistogram' || kind === 'summary') {
    throw new OtlpJsonError(`${context.path}.${kind}`, 'not decoded by the test double');
  }
  const dataPath = `${context.path}.${kind}`;
  const data = readObject(metric[kind], dataPath) ?? {};
  const common: OpenObserveRow = { ...scoped, __name__: name };
  const stored = result.dataPointCount;
  if (kind !== 'gauge') {
    const temporality = readEnum(data.aggregationTemporality, `${dataPath}.aggregationTemporality`, 3);
    common.aggregation_temporality = TEMPORALITY[temporality] ?? TEMPORALITY[0];
  }
  if (kind === 'sum') common.is_monotonic = String(data.isMonotonic === true);
  readArray(data.dataPoints, `${dataPath}.dataPoints`).forEach((pointValue, p) => {
    const pointPath = `${dataPath}.dataPoints[${p}]`;
    const point = readObject(pointValue, pointPath) ?? {};
    result.dataPointCount += 1;
    const rows =
      kind === 'histogram' ? histogramRows(point, pointPath, common) : numberRows(point, pointPath, common);
    const timestampMicros = rows[0]?._timestamp;
    if (typeof timestampMicros === 'number' && timestampMicros / 1000 > context.nowMs + MAX_START_AHEAD_MS) {
      result.rejectedDataPoints += 1;
      result.errorMessage = FUTURE_DISCARD_MESSAGE;
      return;
    }
    for (const row of rows) {
      const stream = String(row.__name__);
      let stored = result.streams.get(stream);
      if (stored === undefined) {
        stored = [];
        result.streams.set(stream, stored);
      }
      stored.push(row);
    }
  });
  if (result.dataPointCount > stored) {
    result.metadata.push({
      stream: name,
      metric_type: kind === 'sum' ? 'counter' : kind,
      unit: readString(metric.unit, `${context.path}.unit`),
      help: readString(metric.description, `${context.path}.description`),
    });
  }
}

/** The columns every row of a point shares; `undefined` for a point marked "no recorded value". */
function pointColumns(
  point: Record<string, unknown>,
  path: string,
  common: OpenObserveRow,
): OpenObserveRow | undefined {
  const flags = Number(readUnixNano(point.flags, `${path}.flags`));
  const time = readUnixNano(point.timeUnixNano, `${path}.timeUnixNano`);
  const start = readUnixNano(point.startTimeUnixNano, `${path}.startTimeUnixNano`);
  if (readArray(point.exemplars, `${path}.exemplars`).length > 0) {
    throw new OtlpJsonError(`${path}.exemplars`, 'not decoded by the test double');
  }
  const attributes = readAttributes(point.attributes, `${path}.attributes`);
  if ((flags & NO_RECORDED_VALUE) !== 0) return undefined;
  const row: OpenObserveRow = { ...common };
  addAttributes(row, attributes);
  row._timestamp = Number(time / 1000n);
  row.start_time = start.toString();
  row.flag = FLAG_NONE;
  return row;
}

function numberRows(point: Record<string, unknown>, path: string, common: OpenObserveRow): OpenObserveRow[] {
  const hasDouble = point.asDouble !== undefined && point.asDouble !== null;
  const hasInt = point.asInt !== undefined && point.asInt !== null;
  if (hasDouble && hasInt) throw new OtlpJsonError(path, 'both asDouble and asInt');
  const value = hasDouble
    ? readDouble(point.asDouble, `${path}.asDouble`)
    : hasInt
      ? Number(readInt64(point.asInt, `${path}.asInt`))
      : undefined;
  const row = pointColumns(point, path, common);
  if (row === undefined || value === undefined || Number.isNaN(value)) return [];
  row.value = value;
  return [row];
}

function histogramRows(
  point: Record<string, unknown>,
  path: string,
  common: OpenObserveRow,
): OpenObserveRow[] {
  const count = Number(readUnixNano(point.count, `${path}.count`));
  const optional = (key: 'sum' | 'min' | 'max'): number | undefined =>
    point[key] === undefined || point[key] === null ? undefined : readDouble(point[key], `${path}.${key}`);
  const sum = optional('sum');
  const min = optional('min');
  const max = optional('max');
  const bucketCounts = readArray(point.bucketCounts, `${path}.bucketCounts`).map((value, i) =>
    Number(readUnixNano(value, `${path}.bucketCounts[${i}]`)),
  );
  const bounds = readArray(point.explicitBounds, `${path}.explicitBounds`).map((value, i) =>
    readDouble(value, `${path}.explicitBounds[${i}]`),
  );
  const columns = pointColumns(point, path, common);
  if (columns === undefined) return [];
  const name = String(common.__name__);
  const rows: OpenObserveRow[] = [{ ...columns, value: count, __name__: `${name}_count` }];
  for (const [suffix, value] of [
    ['_sum', sum],
    ['_min', min],
    ['_max', max],
  ] as const) {
    if (value !== undefined && !Number.isNaN(value))
      rows.push({ ...columns, value, __name__: `${name}${suffix}` });
  }
  let running = 0;
  bucketCounts.forEach((bucketCount, i) => {
    running += bucketCount;
    const bound = bounds[i];
    rows.push({
      ...columns,
      __name__: `${name}_bucket`,
      le: bound === undefined ? 'inf' : formatRustFloat(bound),
      value: running,
    });
  });
  return rows;
}

/** Resource and point attributes: formatted keys (`gen_ai.token.type` → `gen_ai_token_type`), string values. */
function addAttributes(row: OpenObserveRow, attributes: readonly OtlpAttribute[]): void {
  for (const { key, value } of attributes) {
    if (value !== undefined) flattenIntoRow(row, formatOpenObserveKey(key), toServerValue(value));
  }
}

/**
 * OpenObserve's `format_stream_name`: each run of characters outside `[a-zA-Z0-9_:]` becomes one `_`,
 * then the name is lower-cased (`ZO_FORMAT_STREAM_NAME_TO_LOWERCASE`, on by default).
 */
export function formatStreamName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_:]+/gu, '_').toLowerCase();
}

function readDouble(value: unknown, path: string): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  throw new OtlpJsonError(path, `expected a number, got ${JSON.stringify(value)}`);
}

function readInt64(value: unknown, path: string): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d+$/u.test(value)) return BigInt(value);
  throw new OtlpJsonError(path, `expected an int64, got ${JSON.stringify(value)}`);
}
