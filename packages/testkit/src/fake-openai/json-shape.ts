/**
 * The shape of a JSON value: its type at every level and, for objects, its keys. Two responses of the
 * same shape differ only in their values (ids, text, counts), which is what a recorded OpenAI
 * response and the fake's synthesized one should do.
 */
export type JsonShape =
  | 'null'
  | 'string'
  | 'number'
  | 'boolean'
  | { array: JsonShape[] }
  | { object: Record<string, JsonShape> };

/**
 * The {@link JsonShape} of a parsed JSON value. An array's shape lists the distinct shapes of its items.
 *
 * @example
 * ```ts
 * jsonShape({ id: 'x', choices: [{ index: 0 }] }); // { object: { id: 'string', choices: { array: [{ object: { index: 'number' } }] } } }
 * ```
 */
export function jsonShape(value: unknown): JsonShape {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    const items: JsonShape[] = [];
    for (const item of value) {
      const shape = jsonShape(item);
      if (!items.some((known) => JSON.stringify(known) === JSON.stringify(shape))) {
        items.push(shape);
      }
    }
    return { array: items };
  }
  if (typeof value === 'object') {
    const keys = Object.keys(value as object).sort();
    return {
      object: Object.fromEntries(
        keys.map((key) => [key, jsonShape((value as Record<string, unknown>)[key])]),
      ),
    };
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return typeof value as 'string' | 'number' | 'boolean';
  }
  throw new TypeError(`not a JSON value: ${String(value)}`);
}

function describe(shape: JsonShape | undefined): string {
  if (shape === undefined) {
    return 'absent';
  }
  if (typeof shape === 'string') {
    return shape;
  }
  return 'array' in shape ? 'array' : 'object';
}

/**
 * Where two shapes differ, as readable lines (`choices[].message.annotations: absent in the fake`),
 * walking objects key by key and arrays item shape by item shape. Empty when they match.
 *
 * @example
 * ```ts
 * shapeDifferences(jsonShape({ a: 1, b: 'x' }), jsonShape({ a: 'y' })); // ['a: number in the recording, string in the fake', 'b: absent in the fake']
 * ```
 */
export function shapeDifferences(recorded: JsonShape, fake: JsonShape, path = ''): string[] {
  const here = path === '' ? '(root)' : path;
  if (typeof recorded === 'string' || typeof fake === 'string' || 'array' in recorded !== 'array' in fake) {
    return JSON.stringify(recorded) === JSON.stringify(fake)
      ? []
      : [`${here}: ${describe(recorded)} in the recording, ${describe(fake)} in the fake`];
  }
  if ('object' in recorded && 'object' in fake) {
    const differences: string[] = [];
    for (const key of new Set([...Object.keys(recorded.object), ...Object.keys(fake.object)])) {
      const child = path === '' ? key : `${path}.${key}`;
      const left = recorded.object[key];
      const right = fake.object[key];
      if (left === undefined) {
        differences.push(`${child}: absent in the recording, ${describe(right)} in the fake`);
      } else if (right === undefined) {
        differences.push(`${child}: ${describe(left)} in the recording, absent in the fake`);
      } else {
        differences.push(...shapeDifferences(left, right, child));
      }
    }
    return differences;
  }
  if ('array' in recorded && 'array' in fake) {
    const items = `${path}[]`;
    if (recorded.array.length === 0 || fake.array.length === 0) {
      return recorded.array.length === fake.array.length || recorded.array.length === 0
        ? []
        : [`${items}: items in the recording, none in the fake`];
    }
    if (recorded.array.length === 1 && fake.array.length === 1) {
      return shapeDifferences(recorded.array[0] as JsonShape, fake.array[0] as JsonShape, items);
    }
    const same = JSON.stringify(recorded.array) === JSON.stringify(fake.array);
    return same ? [] : [`${items}: item shapes differ`];
  }
  return [];
}
