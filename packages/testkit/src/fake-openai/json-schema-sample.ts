type Schema = Record<string, unknown>;

const MAX_DEPTH = 8;

function asSchema(value: unknown): Schema | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Schema) : undefined;
}

function resolveRef(ref: string, root: Schema): Schema | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const segment of ref.slice(2).split('/')) {
    node = asSchema(node)?.[segment.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  return asSchema(node);
}

function sampleFor(schema: Schema | undefined, root: Schema, depth: number): unknown {
  if (schema === undefined || depth > MAX_DEPTH) return null;
  if (typeof schema.$ref === 'string') return sampleFor(resolveRef(schema.$ref, root), root, depth + 1);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0] ?? null;
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0) return sampleFor(asSchema(options[0]), root, depth + 1);
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const properties = asSchema(schema.properties) ?? {};
      return Object.fromEntries(
        Object.entries(properties).map(([name, property]) => [
          name,
          sampleFor(asSchema(property), root, depth + 1),
        ]),
      );
    }
    case 'array':
      return [sampleFor(asSchema(schema.items), root, depth + 1)];
    case 'string':
      return 'sample';
    case 'integer':
      return 1;
    case 'number':
      return 1.5;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return asSchema(schema.properties) ? sampleFor({ ...schema, type: 'object' }, root, depth) : null;
  }
}

/**
 * A JSON text that satisfies a simple JSON schema: every declared property is present, strings are
 * `"sample"`, numbers `1.5`, integers `1`, booleans `true`, enums take their first value, arrays hold
 * one sample item. Unknown or missing schemas give `{}`.
 *
 * @example
 * ```ts
 * sampleJsonForSchema({ type: 'object', properties: { ok: { type: 'boolean' } } }); // '{"ok":true}'
 * ```
 */
export function sampleJsonForSchema(schema: unknown): string {
  const root = asSchema(schema);
  if (root === undefined) return '{}';
  const sample = sampleFor(root, root, 0);
  return JSON.stringify(sample ?? {});
}
