import { describe, expect, it } from 'vitest';
import { limitText } from './limit-text.js';
import { toLimitedJson } from './to-limited-json.js';

const image = `data:image/png;base64,${'A'.repeat(4000)}`;

describe('limitText', () => {
  it('replaces a base64 data URL by a placeholder with its media type and decoded size', () => {
    expect(limitText(image, 100_000)).toBe('[base64 image/png, 3000 bytes]');
  });

  it('cuts long text and says how much was cut', () => {
    expect(limitText('x'.repeat(50), 20)).toBe(`${'x'.repeat(20)}…[truncated 30 chars]`);
    expect(limitText('short', 20)).toBe('short');
  });
});

describe('toLimitedJson', () => {
  it('never lets a nested image or raw base64 through whole', () => {
    const body = {
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: image } }] }],
      audio: 'QUJD'.repeat(200),
    };
    const json = toLimitedJson(body, 10_000);
    expect(json).toContain('[base64 image/png, 3000 bytes]');
    expect(json).toContain('[base64 data, 600 bytes]');
    expect(json.length).toBeLessThan(300);
  });

  it('cuts the whole document at the limit and keeps it valid JSON', () => {
    const small = toLimitedJson({ text: 'y'.repeat(100) }, 40);
    expect(small.length).toBeLessThanOrEqual(40);
    expect(JSON.parse(small).text).toMatch(/^y+$/);
    const marked = toLimitedJson({ text: 'y '.repeat(500) }, 200);
    expect(marked.length).toBeLessThanOrEqual(200);
    expect(JSON.parse(marked).text).toMatch(/^(y )+y?…\[truncated \d+ chars\]$/);
  });
});
