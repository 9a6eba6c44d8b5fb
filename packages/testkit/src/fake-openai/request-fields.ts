/**
 * The request body as a plain object, or `undefined` when it is not one.
 *
 * @example
 * ```ts
 * asRecord(JSON.parse(text))?.model;
 * ```
 */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * `stream_options.include_usage === true`.
 *
 * @example
 * ```ts
 * includeUsage({ stream_options: { include_usage: true } }); // true
 * ```
 */
export function includeUsage(body: Record<string, unknown>): boolean {
  return asRecord(body.stream_options)?.include_usage === true;
}

/**
 * The `schema` of a `{ type: 'json_schema', json_schema: { schema } }` chat response format, if any.
 *
 * @example
 * ```ts
 * chatJsonSchema({ response_format: { type: 'json_schema', json_schema: { schema } } }); // { schema }
 * ```
 */
export function chatJsonSchema(body: Record<string, unknown>): { schema: unknown } | undefined {
  const format = asRecord(body.response_format);
  if (format?.type !== 'json_schema') return undefined;
  return { schema: asRecord(format.json_schema)?.schema };
}

/**
 * The `schema` of a Responses API `text.format` of type `json_schema`, if any.
 *
 * @example
 * ```ts
 * responsesJsonSchema({ text: { format: { type: 'json_schema', schema } } }); // { schema }
 * ```
 */
export function responsesJsonSchema(body: Record<string, unknown>): { schema: unknown } | undefined {
  const format = asRecord(asRecord(body.text)?.format);
  if (format?.type !== 'json_schema') return undefined;
  return { schema: format.schema };
}
