import type { IngestAnswer } from '../ingest-request.js';
import { SerdeError } from './serde-decoder.js';

/**
 * A JSON answer.
 *
 * @example
 * ```ts
 * jsonAnswer(200, { list: [] });
 * ```
 */
export function jsonAnswer(status: number, body: unknown): IngestAnswer {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/**
 * `MetaHttpResponse`: `{"code":…,"message":…}` (plus `id`/`name` on some successes), the body every
 * management endpoint answers with. Note OpenObserve's `unauthorized()` sends status 403 with code 401.
 *
 * @example
 * ```ts
 * metaAnswer(404, 'Dashboard not found'); // 404 {"code":404,"message":"Dashboard not found"}
 * ```
 */
export function metaAnswer(
  status: number,
  message: string,
  extra: { id?: string; name?: string } = {},
): IngestAnswer {
  return jsonAnswer(status, { code: status, message, ...extra });
}

/** Plain text, as axum's extractor rejections answer. */
function textAnswer(status: number, body: string): IngestAnswer {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body };
}

/** A request body that is not JSON, or JSON of the wrong shape, refused as axum's `Json` extractor does. */
export class BodyRejection extends Error {
  constructor(readonly answer: IngestAnswer) {
    super(answer.body);
  }
}

/**
 * Reads a JSON body as axum's `Json<T>` does: a JSON content type is required (415), bad JSON is a
 * 400, JSON that does not fit the struct a 422.
 *
 * @example
 * ```ts
 * const dashboard = readJsonBody(input, (value) => decodeDashboardV8(value, now));
 * ```
 */
export function readJsonBody<T>(
  contentType: string | undefined,
  body: Buffer,
  decode: (value: unknown) => T,
): T {
  const type = contentType?.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  if (type !== 'application/json' && !type.endsWith('+json')) {
    throw new BodyRejection(textAnswer(415, 'Expected request with `Content-Type: application/json`'));
  }
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new BodyRejection(
      textAnswer(400, `Failed to parse the request body as JSON: ${(error as Error).message}`),
    );
  }
  try {
    return decode(value);
  } catch (error) {
    if (error instanceof SerdeError) {
      throw new BodyRejection(
        textAnswer(422, `Failed to deserialize the JSON body into the target type: ${error.message}`),
      );
    }
    throw error;
  }
}
