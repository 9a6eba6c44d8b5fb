import { flattenIntoRow } from './flatten-into-row.js';
import { formatOpenObserveKey } from './format-key.js';
import { MAX_COLUMNS_PER_RECORD, startTimeProblem } from './ingest-rules.js';
import type { LlmSpanEvent } from './llm-ingest/input-output.js';
import { isLlmSpan } from './llm-ingest/is-llm-span.js';
import { normalizeLlmFieldTypes } from './llm-ingest/normalize-llm-field-types.js';
import { type LlmIngestMarkers, processLlmSpan } from './llm-ingest/process-llm-span.js';
import {
  type OtlpAttribute,
  OtlpJsonError,
  readArray,
  readAttributes,
  readEnum,
  readObject,
  readString,
  readUnixNano,
  toColumnValue,
} from './otlp-json-values.js';
import { type ServerAttributes, toServerValue } from './server-value.js';

/** One stored span, as OpenObserve shows it: column name to value. */
export type OpenObserveRow = Record<string, string | number>;

/** Options of {@link otlpJsonToRows}. */
export interface OtlpJsonToRowsOptions {
  /** The stream the spans go to; it is also the service name of a resource without `service.name`. */
  stream: string;
  /** The clock used for the accepted start-time window (ms since epoch); defaults to `Date.now()`. */
  nowMs?: number;
  /**
   * Run OpenObserve's LLM ingest step (v0.91+) on LLM spans and type the gen_ai number columns as
   * it does; defaults to `true`. `false` stores spans as OpenObserve before v0.91 did.
   */
  llmIngest?: boolean;
}

/** What {@link otlpJsonToRows} made of a request body. */
export interface OtlpJsonToRowsResult {
  /** Rows of the accepted spans. */
  rows: OpenObserveRow[];
  /** Number of spans in the body, accepted or not. */
  spanCount: number;
  /** One reason per rejected span. */
  rejections: string[];
}

/** OTLP's span kinds (unspecified … consumer) and status codes (unset, ok, error). */
const SPAN_KIND_COUNT = 6;
const STATUS_CODE_COUNT = 3;
const SPAN_STATUS = ['UNSET', 'OK', 'ERROR'] as const;

/** Columns every row has; a span attribute formatted to one of these gets an `attr_` prefix. */
export const ROW_COLUMNS: ReadonlySet<string> = new Set([
  'trace_id',
  'span_id',
  'flags',
  'span_status',
  'span_kind',
  'operation_name',
  'start_time',
  'end_time',
  'duration',
  'service_name',
  'reference_parent_span_id',
  'reference_parent_trace_id',
  'reference_ref_type',
  'events',
  'links',
  'status_code',
  'status_message',
  '_timestamp',
]);

const TRACE_ID = /^[0-9a-fA-F]{32}$/u;
const SPAN_ID = /^[0-9a-fA-F]{16}$/u;
const USAGE_PREFIX = 'gen_ai_usage_';
/** The double's marker: the token counts OpenObserve would have estimated with its tokenizer. */
export const USAGE_ESTIMATED_COLUMN = '_double_usage_estimated';
/** The double's marker: the built-in price pattern OpenObserve priced the call with. */
export const COST_COMPUTED_COLUMN = '_double_cost_computed';

class SpanRejection extends Error {}

/** Attribute values as OpenObserve holds them (`get_val`), by raw key; empty values are left out. */
function toServerAttributes(
  attributes: readonly OtlpAttribute[],
  keyOf = (key: string) => key,
): ServerAttributes {
  const result: ServerAttributes = new Map();
  for (const { key, value } of attributes) {
    if (value !== undefined) {
      result.set(keyOf(key), toServerValue(value));
    }
  }
  return result;
}

/** Adds attributes with formatted keys; keys already taken (or reserved) get an `attr_` prefix. */
function addAttributes(
  target: Record<string, string | number>,
  attributes: readonly OtlpAttribute[],
  reserved: ReadonlySet<string>,
): void {
  for (const { key, value } of attributes) {
    if (value === undefined) {
      continue;
    }
    const formatted = formatOpenObserveKey(key);
    const column = reserved.has(formatted) ? `attr_${formatted}` : formatted;
    target[column] = toColumnValue(value, formatted.startsWith(USAGE_PREFIX));
  }
}

function checkId(id: string, pattern: RegExp, what: string): string {
  if (!pattern.test(id)) {
    const bytes = pattern === TRACE_ID ? 16 : 8;
    throw new SpanRejection(
      `${what} ${JSON.stringify(id)} is not ${bytes} bytes (${bytes * 2} hex characters)`,
    );
  }
  return id.toLowerCase();
}

function nanosToMicros(nanos: bigint): number {
  return Number(nanos / 1000n);
}

interface ParsedEvent {
  /** The event as the row's `events` column shows it. */
  column: Record<string, string | number>;
  /** The event as OpenObserve's LLM step reads it (raw keys). */
  llm: LlmSpanEvent;
}

function readEvents(value: unknown, path: string): ParsedEvent[] {
  return readArray(value, path).map((item, index) => {
    const eventPath = `${path}[${index}]`;
    const event = readObject(item, eventPath) ?? {};
    const name = readString(event.name, `${eventPath}.name`);
    const column: Record<string, string | number> = {
      name,
      _timestamp: nanosToMicros(readUnixNano(event.timeUnixNano, `${eventPath}.timeUnixNano`)),
    };
    const attributes = readAttributes(event.attributes, `${eventPath}.attributes`);
    addAttributes(column, attributes, new Set(['name', '_timestamp']));
    return { column, llm: { name, attributes: toServerAttributes(attributes) } };
  });
}

interface ParsedLink {
  traceId: string;
  spanId: string;
  traceFlags: number;
  traceState: string;
  attributes: Record<string, string | number>;
  droppedAttributesCount: number;
}

function readLinks(value: unknown, path: string): ParsedLink[] {
  return readArray(value, path).map((item, index) => {
    const linkPath = `${path}[${index}]`;
    const link = readObject(item, linkPath) ?? {};
    const attributes: Record<string, string | number> = {};
    addAttributes(
      attributes,
      readAttributes(link.attributes, `${linkPath}.attributes`),
      new Set(['context']),
    );
    return {
      traceId: readString(link.traceId, `${linkPath}.traceId`),
      spanId: readString(link.spanId, `${linkPath}.spanId`),
      traceFlags: Number(readUnixNano(link.flags, `${linkPath}.flags`)),
      traceState: readString(link.traceState, `${linkPath}.traceState`),
      attributes,
      droppedAttributesCount: Number(
        readUnixNano(link.droppedAttributesCount, `${linkPath}.droppedAttributesCount`),
      ),
    };
  });
}

function linksToJson(links: readonly ParsedLink[]): string {
  return JSON.stringify(
    links.map((link, index) => ({
      context: {
        traceId: checkId(link.traceId, TRACE_ID, `link ${index} trace id`),
        spanId: checkId(link.spanId, SPAN_ID, `link ${index} span id`),
        traceFlags: link.traceFlags,
        traceState: link.traceState,
      },
      ...link.attributes,
      droppedAttributesCount: link.droppedAttributesCount,
    })),
  );
}

interface ResourceColumns {
  serviceName: string;
  columns: OpenObserveRow;
  /** The resource as OpenObserve's LLM step reads it: `service.name`, then `service_<key>`. */
  attributes: ServerAttributes;
}

function readResource(value: unknown, path: string, stream: string): ResourceColumns {
  const resource = readObject(value, path) ?? {};
  let serviceName = stream;
  const columns: OpenObserveRow = {};
  const attributes: ServerAttributes = new Map();
  for (const { key, value: attrValue } of readAttributes(resource.attributes, `${path}.attributes`)) {
    if (attrValue === undefined) {
      continue;
    }
    const serverValue = toServerValue(attrValue);
    if (key === 'service.name') {
      if (typeof serverValue === 'string') {
        serviceName = serverValue;
        attributes.set(key, serverValue);
      }
      continue;
    }
    attributes.set(`service_${key}`, serverValue);
    const column = formatOpenObserveKey(`service_${key}`);
    if (!ROW_COLUMNS.has(column)) {
      flattenIntoRow(columns, column, serverValue);
    }
  }
  return { serviceName, columns, attributes };
}

/** Before v0.91 (`llmIngest: false`): every `gen_ai_usage_*` column that reads as a number is one. */
function legacyUsageNumbers(row: OpenObserveRow): void {
  for (const [column, value] of Object.entries(row)) {
    if (column.startsWith(USAGE_PREFIX) && typeof value === 'string' && value.trim() !== '') {
      const number = Number(value);
      if (Number.isFinite(number)) {
        row[column] = number;
      }
    }
  }
}

interface SpanContext {
  resource: ResourceColumns;
  scopeName: string | undefined;
  nowMs: number;
  llmIngest: boolean;
}

function spanToRow(span: Record<string, unknown>, path: string, context: SpanContext): OpenObserveRow {
  const { resource, nowMs } = context;
  // The whole structure is read first (a structural error is a 400 for the whole request),
  // then the span rules decide whether this span is stored.
  const name = readString(span.name, `${path}.name`);
  const kind = readEnum(span.kind, `${path}.kind`, SPAN_KIND_COUNT);
  const start = readUnixNano(span.startTimeUnixNano, `${path}.startTimeUnixNano`);
  const end = readUnixNano(span.endTimeUnixNano, `${path}.endTimeUnixNano`);
  const status = readObject(span.status, `${path}.status`);
  const statusCode = readEnum(status?.code, `${path}.status.code`, STATUS_CODE_COUNT);
  const statusMessage = readString(status?.message, `${path}.status.message`);
  const attributes = readAttributes(span.attributes, `${path}.attributes`);
  const rawTraceId = readString(span.traceId, `${path}.traceId`);
  const rawSpanId = readString(span.spanId, `${path}.spanId`);
  const rawParent = readString(span.parentSpanId, `${path}.parentSpanId`);
  const events = readEvents(span.events, `${path}.events`);
  const parsedLinks = readLinks(span.links, `${path}.links`);

  const traceId = checkId(rawTraceId, TRACE_ID, 'trace id');
  const spanId = checkId(rawSpanId, SPAN_ID, 'span id');
  const parentSpanId = rawParent === '' ? '' : checkId(rawParent, SPAN_ID, 'parent span id');
  const links = linksToJson(parsedLinks);
  const timestamp = nanosToMicros(start);
  const timeProblem = startTimeProblem(timestamp, nowMs);
  if (timeProblem !== undefined) {
    throw new SpanRejection(timeProblem);
  }
  if (end < start) {
    throw new SpanRejection('end time is before start time');
  }

  const row: OpenObserveRow = {
    trace_id: traceId,
    span_id: spanId,
    flags: 1,
    span_status: SPAN_STATUS[statusCode] ?? 'UNSET',
    span_kind: String(kind),
    operation_name: name,
    start_time: Number(start),
    end_time: Number(end),
    duration: Number((end - start) / 1000n),
    service_name: resource.serviceName,
    reference_parent_span_id: parentSpanId,
    events: JSON.stringify(events.map((event) => event.column)),
    links,
  };
  if (parentSpanId !== '') {
    row.reference_parent_trace_id = traceId;
    row.reference_ref_type = 'CHILD_OF';
  }
  if (status !== undefined) {
    row.status_code = statusCode;
    row.status_message = statusMessage;
  }
  row._timestamp = timestamp;
  Object.assign(row, resource.columns);
  const reserved = new Set([...ROW_COLUMNS, ...Object.keys(resource.columns)]);
  const spanAttributes = toServerAttributes(attributes, (key) =>
    reserved.has(formatOpenObserveKey(key)) ? `attr_${key}` : key,
  );
  let markers: LlmIngestMarkers = {};
  if (context.llmIngest && isLlmSpan(spanAttributes, context.scopeName)) {
    markers = processLlmSpan(spanAttributes, {
      resource: resource.attributes,
      scopeName: context.scopeName,
      events: events.map((event) => event.llm),
    });
  }
  for (const [key, value] of spanAttributes) {
    flattenIntoRow(row, key, value);
  }
  if (context.llmIngest) {
    normalizeLlmFieldTypes(row);
  } else {
    legacyUsageNumbers(row);
  }
  if (markers.usageEstimated !== undefined) {
    row[USAGE_ESTIMATED_COLUMN] = markers.usageEstimated;
  }
  if (markers.costComputed !== undefined) {
    row[COST_COMPUTED_COLUMN] = markers.costComputed;
  }

  const columnCount = Object.keys(row).length;
  if (columnCount > MAX_COLUMNS_PER_RECORD) {
    throw new SpanRejection(
      `record has ${columnCount} columns, more than the limit of ${MAX_COLUMNS_PER_RECORD}`,
    );
  }
  return row;
}

/**
 * Turns a parsed OTLP/JSON `ExportTraceServiceRequest` into OpenObserve rows, applying the server's
 * span rules: a span whose trace id is not 16 bytes, whose span id (or parent or link id) is not
 * 8 bytes, whose start is older than 5 h or more than 24 h ahead, whose end precedes its start, or
 * whose record has too many columns is rejected. A structural error (wrong JSON types, bad enum,
 * bad integer) throws {@link OtlpJsonError}, which the server answers with `400 Invalid json: ...`.
 *
 * @example
 * ```ts
 * const { rows, rejections } = otlpJsonToRows(JSON.parse(body), { stream: 'default' });
 * rows[0]?.operation_name; // 'ChatCompletion'
 * rejections.length; // 0
 * ```
 */
export function otlpJsonToRows(body: unknown, options: OtlpJsonToRowsOptions): OtlpJsonToRowsResult {
  const nowMs = options.nowMs ?? Date.now();
  const request = readObject(body, 'body');
  if (request === undefined || request.resourceSpans === undefined || request.resourceSpans === null) {
    throw new OtlpJsonError('body', 'the structure must be {"resourceSpans":[]}');
  }
  const result: OtlpJsonToRowsResult = { rows: [], spanCount: 0, rejections: [] };
  readArray(request.resourceSpans, 'resourceSpans').forEach((resourceItem, r) => {
    const resourcePath = `resourceSpans[${r}]`;
    const resourceSpans = readObject(resourceItem, resourcePath) ?? {};
    const resource = readResource(resourceSpans.resource, `${resourcePath}.resource`, options.stream);
    readArray(resourceSpans.scopeSpans, `${resourcePath}.scopeSpans`).forEach((scopeItem, s) => {
      const scopePath = `${resourcePath}.scopeSpans[${s}]`;
      const scopeSpans = readObject(scopeItem, scopePath) ?? {};
      const scope = readObject(scopeSpans.scope, `${scopePath}.scope`);
      const context: SpanContext = {
        resource,
        scopeName: scope === undefined ? undefined : readString(scope.name, `${scopePath}.scope.name`),
        nowMs,
        llmIngest: options.llmIngest ?? true,
      };
      readArray(scopeSpans.spans, `${scopePath}.spans`).forEach((spanItem, i) => {
        const spanPath = `${scopePath}.spans[${i}]`;
        const span = readObject(spanItem, spanPath);
        if (span === undefined) {
          throw new OtlpJsonError(spanPath, 'expected a span object');
        }
        result.spanCount += 1;
        try {
          result.rows.push(spanToRow(span, spanPath, context));
        } catch (error) {
          if (error instanceof SpanRejection) {
            const label = typeof span.name === 'string' ? ` (${JSON.stringify(span.name)})` : '';
            result.rejections.push(`${spanPath}${label}: ${error.message}`);
          } else {
            throw error;
          }
        }
      });
    });
  });
  return result;
}
