import { inferStreamSchema } from '../../openobserve-sql/stream-table.js';
import type { IngestAnswer } from '../ingest-request.js';
import { jsonAnswer, metaAnswer, readJsonBody } from './http-answers.js';
import type { ManagementContext, ManagementRequest } from './management-request.js';
import { arrayOf, boolean, optional, required, string, struct } from './serde-decoder.js';
import { provisionedColumns, UPDATE_FIELD_TYPES } from './stream-fields.js';

const ARROW_TYPES = { BIGINT: 'Int64', DOUBLE: 'Float64', VARCHAR: 'Utf8' } as const;
const updateFieldsBody = struct({
  fields: required(
    arrayOf(struct({ name: required(string), data_type: required(string), nullable: optional(boolean) })),
  ),
});

/** `format_stream_name`: other characters than `[a-zA-Z0-9_:]` become `_`, then lower case. */
function streamName(raw: string | undefined): string {
  return String(raw)
    .replace(/[^a-zA-Z0-9_:]/g, '_')
    .toLowerCase();
}

/** The stream's fields: those its rows show, then those added with `update_fields`. */
function schemaFields(
  context: ManagementContext,
  org: string,
  stream: string,
): { name: string; type: string }[] {
  const schema = inferStreamSchema(context.streamRows(org, stream));
  for (const [name, type] of Object.entries(provisionedColumns(context.store, org, stream))) {
    if (!schema.has(name)) schema.set(name, type);
  }
  return [...schema].map(([name, type]) => ({ name, type: ARROW_TYPES[type] }));
}

/**
 * `GET /api/{org}/streams/{stream}/schema?type=traces` and `PUT .../update_fields?type=traces`
 * (src/api/management/src/request/stream, src/stream/src/lib.rs): the schema is 404 `stream not
 * found` before the stream's first data; `update_fields` adds fields of the given Arrow types. The
 * double models trace streams only, and refuses `update_fields` on a stream without data.
 *
 * @example
 * ```ts
 * handleStreams(context, { method: 'GET', org: 'default', params: ['streams', 'default', 'schema'], ... });
 * ```
 */
export function handleStreams(context: ManagementContext, request: ManagementRequest): IngestAnswer {
  const stream = streamName(request.params[1]);
  const type = request.query.get('type') ?? 'logs';
  const fields = type === 'traces' ? schemaFields(context, request.org, stream) : [];
  if (request.params[2] === 'update_fields') {
    const body = readJsonBody(request.contentType, request.body, (v) => updateFieldsBody(v, 'fields')) as {
      fields: { name: string; data_type: string }[];
    };
    if (body.fields.length === 0) return metaAnswer(200, 'no fields to update');
    for (const field of body.fields) {
      if (!(field.data_type.toLowerCase() in UPDATE_FIELD_TYPES)) {
        return metaAnswer(400, `Unsupported data_type '${field.data_type}' for field '${field.name}'`);
      }
    }
    if (fields.length === 0) return metaAnswer(400, `test double: stream ${stream} has no schema yet`);
    for (const field of body.fields) {
      context.store.provisionedFields = context.store.provisionedFields.filter(
        (f) => !(f.org === request.org && f.stream === stream && f.name === field.name),
      );
      context.store.provisionedFields.push({
        org: request.org,
        stream,
        name: field.name,
        dataType: field.data_type,
      });
    }
    return metaAnswer(200, 'fields updated');
  }
  if (fields.length === 0) return metaAnswer(404, 'stream not found');
  return jsonAnswer(200, {
    name: stream,
    storage_type: 'disk',
    stream_type: type,
    schema: fields,
    total_fields: fields.length,
    stats: { doc_num: context.streamRows(request.org, stream).length },
  });
}
