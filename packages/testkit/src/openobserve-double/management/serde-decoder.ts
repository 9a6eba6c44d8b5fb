/**
 * A small stand-in for serde: OpenObserve reads request bodies into Rust structs, so a missing
 * required field or a wrong type is refused, unknown keys are dropped, and what it stores (and
 * answers with) is the struct written back, `Option` fields as `null` unless marked to be skipped.
 * The double decodes bodies through the same shapes so it stores exactly what the server would.
 */

/** A value the body cannot be read as; the message reads like serde's. */
export class SerdeError extends Error {
  override readonly name = 'SerdeError';
}

/** Turns a JSON value into the stored form, or throws a {@link SerdeError}. */
export type Decoder = (value: unknown, path: string) => unknown;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a sequence';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `string ${JSON.stringify(value)}`;
  if (typeof value === 'number')
    return Number.isInteger(value) ? `integer \`${value}\`` : `floating point \`${value}\``;
  return `${typeof value} \`${String(value)}\``;
}

function invalid(value: unknown, expected: string, path: string): SerdeError {
  return new SerdeError(`${path}: invalid type: ${describe(value)}, expected ${expected}`);
}

/** A Rust `String`. */
export const string: Decoder = (value, path) => {
  if (typeof value !== 'string') throw invalid(value, 'a string', path);
  return value;
};

/** A Rust `bool`. */
export const boolean: Decoder = (value, path) => {
  if (typeof value !== 'boolean') throw invalid(value, 'a boolean', path);
  return value;
};

/** A Rust `i64` / `i32`: a whole JSON number. */
export const integer: Decoder = (value, path) => {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid(value, 'i64', path);
  return value;
};

/** A Rust `f64`. */
export const float: Decoder = (value, path) => {
  if (typeof value !== 'number') throw invalid(value, 'f64', path);
  return value;
};

/** Any JSON value, kept as sent (a `serde_json::Value`, or a struct the double does not model). */
export const anyJson: Decoder = (value) => value;

/** A unit-variant enum serialized as one of these strings. */
export function oneOf(values: readonly string[]): Decoder {
  return (value, path) => {
    if (typeof value !== 'string' || !values.includes(value)) {
      throw new SerdeError(
        `${path}: unknown variant ${describe(value)}, expected one of ${values.map((v) => `\`${v}\``).join(', ')}`,
      );
    }
    return value;
  };
}

/** A `Vec<T>`. */
export function arrayOf(item: Decoder): Decoder {
  return (value, path) => {
    if (!Array.isArray(value)) throw invalid(value, 'a sequence', path);
    return value.map((element, index) => item(element, `${path}[${index}]`));
  };
}

/** A `HashMap<String, T>`. */
export function mapOf(item: Decoder): Decoder {
  return (value, path) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw invalid(value, 'a map', path);
    return Object.fromEntries(
      Object.entries(value).map(([key, element]) => [key, item(element, `${path}.${key}`)]),
    );
  };
}

/** One field of a {@link struct}. */
export interface FieldSpec {
  decode: Decoder;
  /** `Option<T>`: missing or `null` is `None`. */
  optional?: boolean;
  /** `#[serde(default)]`: the value used when the field is missing. */
  default?: () => unknown;
  /** `skip_serializing_if`: leave the field out of the stored form when it is `None` (or this test holds). */
  skip?: boolean | ((value: unknown) => boolean);
  /** `#[serde(skip_serializing)]`: read, never written back. */
  neverWritten?: boolean;
}

/** A Rust struct: required fields must be there, unknown keys are dropped, fields are written in order. */
export function struct(fields: Readonly<Record<string, FieldSpec>>): Decoder {
  return (value, path) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw invalid(value, 'a map', path);
    const input = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, spec] of Object.entries(fields)) {
      const raw = input[key];
      let decoded: unknown;
      if (raw === undefined || (raw === null && spec.optional)) {
        if (spec.optional) decoded = null;
        else if (spec.default) decoded = spec.default();
        else throw new SerdeError(`${path}: missing field \`${key}\``);
      } else {
        decoded = spec.decode(raw, `${path}.${key}`);
      }
      if (spec.neverWritten || decoded === undefined) continue;
      const skip =
        typeof spec.skip === 'function' ? spec.skip(decoded) : spec.skip === true && decoded === null;
      if (!skip) out[key] = decoded;
    }
    return out;
  };
}

/** `#[serde(untagged)]`: the first variant that reads wins. */
export function untagged(name: string, variants: readonly Decoder[]): Decoder {
  return (value, path) => {
    for (const variant of variants) {
      try {
        return variant(value, path);
      } catch (error) {
        if (!(error instanceof SerdeError)) throw error;
      }
    }
    throw new SerdeError(`${path}: data did not match any variant of untagged enum ${name}`);
  };
}

/** Defers a decoder, for recursive shapes. */
export function lazy(get: () => Decoder): Decoder {
  return (value, path) => get()(value, path);
}

/** A required field. */
export const required = (decode: Decoder): FieldSpec => ({ decode });

/** An `Option<T>` field; `skip` (default true) leaves `None` out of the stored form, else it is `null`. */
export const optional = (decode: Decoder, skip = true): FieldSpec => ({ decode, optional: true, skip });

/** A `#[serde(default)]` field. */
export const withDefault = (decode: Decoder, value: () => unknown): FieldSpec => ({ decode, default: value });
