import { inferStreamSchema } from '../../openobserve-sql/stream-table.js';
import type { IngestAnswer } from '../ingest-request.js';
import { jsonAnswer, metaAnswer } from './http-answers.js';
import type { ManagementContext, ManagementRequest } from './management-request.js';

const ARROW_TYPES = { BIGINT: 'Int64', DOUBLE: 'Float64', VARCHAR: 'Utf8' } as const;

/**
 * `GET /api/{org}/streams/{stream}/schema?type=traces` (src/api/management/src/request/stream): the
 * stream's columns, or 404 `stream not found` before its first data. The name is formatted as the
 * server formats it (other characters than `[a-zA-Z0-9_:]` become `_`, lower case).
 *
 * @example
 * ```ts
 * handleStreamSchema(context, { method: 'GET', org: 'default', params: ['streams', 'default', 'schema'], ... });
 * ```
 */
export function handleStreamSchema(context: ManagementContext, request: ManagementRequest): IngestAnswer {
  const stream = String(request.params[1])
    .replace(/[^a-zA-Z0-9_:]/g, '_')
    .toLowerCase();
  const type = request.query.get('type') ?? 'logs';
  const rows = type === 'traces' ? context.streamRows(request.org, stream) : [];
  if (rows.length === 0) return metaAnswer(404, 'stream not found');
  const schema = [...inferStreamSchema(rows)].map(([name, columnType]) => ({
    name,
    type: ARROW_TYPES[columnType],
  }));
  return jsonAnswer(200, {
    name: stream,
    storage_type: 'disk',
    stream_type: type,
    schema,
    total_fields: schema.length,
    stats: { doc_num: rows.length },
  });
}
