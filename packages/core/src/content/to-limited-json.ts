import { limitText } from './limit-text.js';

const LONG_BASE64 = /^[A-Za-z0-9+/]{256,}={0,2}$/;

/**
 * JSON for `input.value` / `output.value`: every string inside goes through `limitText` first (so a
 * base64 image never reaches the span whole), then the result is cut at `maxLength`.
 */
export function toLimitedJson(value: unknown, maxLength: number): string {
  const json = JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item !== 'string' || item.length <= 64) return item;
    if (LONG_BASE64.test(item.slice(0, 300)) && LONG_BASE64.test(item)) {
      return `[base64 data, ${Math.floor((item.length * 3) / 4)} bytes]`;
    }
    return limitText(item, maxLength);
  });
  return limitText(json ?? 'null', maxLength);
}
