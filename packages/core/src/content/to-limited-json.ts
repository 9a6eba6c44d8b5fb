import { limitText } from './limit-text.js';

/** Deeper structures are written as a marker: a depth-200 tool argument costs no more than depth 32. */
const MAX_DEPTH = 32;
const MARKER = '"…[truncated]"';
const UNREADABLE = '"[unreadable]"';
/** Longest `…[truncated N chars]` marker `limitText` adds. */
const MARKER_ROOM = 32;

/**
 * JSON text of `value`, never longer than `maxLength` characters and always valid: strings inside go
 * through `limitText` (so a base64 image never reaches the span whole), and once the budget is spent
 * the remaining items and keys are left out and a `"…[truncated]"` marker closes the container.
 * Whatever the value holds (BigInt, cycles, getters or proxies that throw, huge arrays) it never
 * throws, and its time and memory grow with `maxLength`, not with the value.
 *
 * @example
 * ```ts
 * toLimitedJson({ n: 1n, skipped: undefined, items: [1, 2, 3] }, 100); // '{"n":"1","items":[1,2,3]}'
 * ```
 */
export function toLimitedJson(value: unknown, maxLength: number): string {
  return plainJson(value, maxLength) ?? carefulLimitedJson(value, maxLength);
}

/** The careful writer alone: what {@link toLimitedJson} returns whenever its fast path steps aside. */
export function carefulLimitedJson(value: unknown, maxLength: number): string {
  return new LimitedJsonWriter(maxLength).write(value, 0, maxLength) ?? 'null';
}

/** The fast path leaves deeper values to the careful writer (which marks them at {@link MAX_DEPTH}). */
const FAST_MAX_DEPTH = 16;
/**
 * Slack the fast path keeps below `maxLength`: with this much room to spare, the careful writer cuts
 * no string (it keeps {@link MARKER_ROOM} for its marker) and closes no container early, so both give
 * the same text.
 */
const FAST_SLACK = MARKER_ROOM + 2;

/**
 * The common case at native speed: plain data (plain objects, arrays, strings, finite numbers,
 * booleans, null) that `limitText` leaves as it is and that fits, which `JSON.stringify` writes
 * exactly as the careful writer would. A walk over the value checks that first, and stops at the
 * first thing the careful writer treats otherwise (a string that becomes a placeholder or is too
 * long, more members or items than the limit has characters, a key longer than 256, nesting deeper
 * than {@link FAST_MAX_DEPTH}, a cycle, a BigInt, `toJSON`, a class instance, a getter that throws).
 * Undefined when the careful writer must do it.
 */
function plainJson(value: unknown, maxLength: number): string | undefined {
  try {
    const walk: PlainWalk = { members: 0, maxLength };
    if (!isPlain(value, 0, walk)) return undefined;
    const json = JSON.stringify(value) as string | undefined;
    if (json === undefined) return 'null';
    return json.length <= maxLength - FAST_SLACK ? json : undefined;
  } catch {
    return undefined;
  }
}

interface PlainWalk {
  members: number;
  readonly maxLength: number;
}

function isPlain(value: unknown, depth: number, walk: PlainWalk): boolean {
  switch (typeof value) {
    case 'string':
      return (
        value.length <= 64 || (value.length <= walk.maxLength && limitText(value, walk.maxLength) === value)
      );
    case 'number':
    case 'boolean':
    case 'undefined':
    case 'function':
    case 'symbol':
      // Numbers (NaN becomes null), and what JSON leaves out (or writes as null in an array), alike.
      return true;
    case 'object': {
      if (value === null) return true;
      if (depth >= FAST_MAX_DEPTH) return false;
      if (Array.isArray(value)) {
        if (value.length > walk.maxLength) return false;
        for (let index = 0; index < value.length; index++)
          if (!isPlain(value[index], depth + 1, walk)) return false;
        return true;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype) return false;
      const record = value as Record<string, unknown>;
      if (typeof record.toJSON === 'function') return false;
      for (const key in record) {
        walk.members += 1;
        if (walk.members > walk.maxLength || key.length > 256) return false;
        if (!isPlain(record[key], depth + 1, walk)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

class LimitedJsonWriter {
  private readonly ancestors = new Set<object>();

  constructor(private readonly maxLength: number) {}

  /** JSON of `value` in at most `budget` characters; undefined for what JSON leaves out. */
  write(value: unknown, depth: number, budget: number): string | undefined {
    switch (typeof value) {
      case 'string':
        return this.string(value, budget);
      case 'number':
        return Number.isFinite(value) ? String(value) : 'null';
      case 'boolean':
        return value ? 'true' : 'false';
      case 'bigint':
        return `"${value.toString()}"`;
      case 'object':
        return value === null ? 'null' : this.object(value, depth, budget);
      default:
        return undefined;
    }
  }

  private string(text: string, budget: number): string {
    const room = Math.min(this.maxLength, budget) - 2;
    if (room <= 0) return '""';
    // Room for the "…[truncated N chars]" marker, so a long text keeps it.
    const limited = limitText(text, room > MARKER_ROOM * 2 ? room - MARKER_ROOM : room);
    let json = JSON.stringify(limited);
    // Escapes (\n, \", \u0000) make JSON longer than the text: cut the text until it fits.
    let end = limited.length;
    while (json.length > budget && end > 0) {
      end = Math.min(end - 1, Math.floor((end * budget) / json.length));
      json = JSON.stringify(limited.slice(0, end));
    }
    return json.length > budget ? '""' : json;
  }

  private object(value: object, depth: number, budget: number): string {
    if (this.ancestors.has(value)) return '"[circular]"';
    if (depth >= MAX_DEPTH) return '"[nested too deep]"';
    try {
      const toJSON = (value as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') {
        const replaced: unknown = toJSON.call(value);
        if (replaced !== value) return this.write(replaced, depth + 1, budget) ?? 'null';
      }
      this.ancestors.add(value);
      return Array.isArray(value) ? this.array(value, depth, budget) : this.record(value, depth, budget);
    } catch {
      return UNREADABLE;
    } finally {
      this.ancestors.delete(value);
    }
  }

  private array(items: readonly unknown[], depth: number, budget: number): string {
    let json = '[';
    for (let index = 0; index < items.length; index++) {
      const separator = index === 0 ? '' : ',';
      const room = budget - json.length - separator.length - 1;
      const item = room > 0 ? (this.entry(() => items[index], depth, room) ?? 'null') : undefined;
      if (item === undefined || item.length > room) return close(json, separator, ']', budget);
      json += separator + item;
    }
    return `${json}]`;
  }

  private record(record: object, depth: number, budget: number): string {
    let json = '{';
    let separator = '';
    // for...in, not Object.keys: a record with a million keys is never listed whole.
    for (const key in record) {
      if (!Object.hasOwn(record, key)) continue;
      const keyJson = JSON.stringify(key.length > 256 ? `${key.slice(0, 256)}…` : key);
      const room = budget - json.length - separator.length - keyJson.length - 2;
      if (room <= 0) return close(json, separator, '}', budget);
      const item = this.entry(() => (record as Record<string, unknown>)[key], depth, room);
      if (item === undefined) continue;
      if (item.length > room) return close(json, separator, '}', budget);
      json += `${separator}${keyJson}:${item}`;
      separator = ',';
    }
    return `${json}}`;
  }

  /** One member, read defensively: a getter that throws becomes a marker. */
  private entry(read: () => unknown, depth: number, budget: number): string | undefined {
    let item: unknown;
    try {
      item = read();
    } catch {
      return UNREADABLE;
    }
    return this.write(item, depth + 1, budget);
  }
}

/** Closes a container whose remaining entries do not fit, with the marker when it fits too. */
function close(json: string, separator: string, bracket: ']' | '}', budget: number): string {
  const marker = bracket === ']' ? MARKER : `"…":${MARKER}`;
  if (json.length + separator.length + marker.length + 1 <= budget)
    return `${json}${separator}${marker}${bracket}`;
  return `${json}${bracket}`;
}
