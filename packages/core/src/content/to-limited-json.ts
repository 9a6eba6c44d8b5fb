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
  return new LimitedJsonWriter(maxLength).write(value, 0, maxLength) ?? 'null';
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
