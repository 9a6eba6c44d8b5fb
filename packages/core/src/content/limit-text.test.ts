import { describe, expect, it } from 'vitest';
import { resolveContentPolicy } from './content-policy.js';
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

  it('cuts the whole document at the limit', () => {
    expect(toLimitedJson({ text: 'y'.repeat(100) }, 40)).toMatch(/…\[truncated \d+ chars\]$/);
  });
});

describe('resolveContentPolicy', () => {
  it('captures everything by default', () => {
    expect(resolveContentPolicy({}, {})).toMatchObject({ captureInputs: true, captureOutputs: true });
  });

  it('has one switch for all content, by option or variable', () => {
    expect(resolveContentPolicy({ captureContent: false }, {})).toMatchObject({
      captureInputs: false,
      captureOutputs: false,
    });
    expect(resolveContentPolicy({}, { OPENOBSERVE_CAPTURE_CONTENT: 'false' })).toMatchObject({
      captureInputs: false,
    });
    expect(
      resolveContentPolicy({ captureContent: true }, { OPENOBSERVE_CAPTURE_CONTENT: 'false' }).captureInputs,
    ).toBe(true);
  });

  it('honours the OpenInference hide flags one side at a time', () => {
    expect(resolveContentPolicy({}, { OPENINFERENCE_HIDE_INPUTS: 'true' })).toMatchObject({
      captureInputs: false,
      captureOutputs: true,
    });
    expect(resolveContentPolicy({}, { OPENINFERENCE_HIDE_OUTPUTS: 'true' })).toMatchObject({
      captureInputs: true,
      captureOutputs: false,
    });
  });
});
