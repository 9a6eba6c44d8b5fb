import { describe, expect, it } from 'vitest';
import { resolveInstrumentationSettings } from './instrumentation-settings.js';

describe('content settings', () => {
  it('captures everything by default', () => {
    expect(resolveInstrumentationSettings({}, {}).content).toMatchObject({
      captureInputs: true,
      captureOutputs: true,
    });
  });

  it('has one switch for all content, by option or variable', () => {
    expect(resolveInstrumentationSettings({ captureContent: false }, {}).content).toMatchObject({
      captureInputs: false,
      captureOutputs: false,
    });
    expect(
      resolveInstrumentationSettings({}, { OPENOBSERVE_CAPTURE_CONTENT: 'false' }).content,
    ).toMatchObject({
      captureInputs: false,
    });
    expect(
      resolveInstrumentationSettings({ captureContent: true }, { OPENOBSERVE_CAPTURE_CONTENT: 'false' })
        .content.captureInputs,
    ).toBe(true);
  });

  it('honours the OpenInference hide flags one side at a time', () => {
    expect(resolveInstrumentationSettings({}, { OPENINFERENCE_HIDE_INPUTS: 'true' }).content).toMatchObject({
      captureInputs: false,
      captureOutputs: true,
    });
    expect(resolveInstrumentationSettings({}, { OPENINFERENCE_HIDE_OUTPUTS: 'true' }).content).toMatchObject({
      captureInputs: true,
      captureOutputs: false,
    });
  });
});

describe('the other settings', () => {
  it('sends content as GenAI JSON messages by default; contentFormat or OPENOBSERVE_CONTENT_FORMAT change it', () => {
    expect(resolveInstrumentationSettings({}, {}).content.format).toBe('genai');
    expect(resolveInstrumentationSettings({}, { OPENOBSERVE_CONTENT_FORMAT: 'Both' }).content.format).toBe(
      'both',
    );
    expect(
      resolveInstrumentationSettings(
        { contentFormat: 'openinference' },
        { OPENOBSERVE_CONTENT_FORMAT: 'both' },
      ).content.format,
    ).toBe('openinference');
  });

  it('names the setting and the values for a bad content format', () => {
    expect(() => resolveInstrumentationSettings({}, { OPENOBSERVE_CONTENT_FORMAT: 'xml' })).toThrow(
      /OPENOBSERVE_CONTENT_FORMAT="xml" is not one of genai, openinference, both/,
    );
    expect(() => resolveInstrumentationSettings({ contentFormat: 'xml' as never }, {})).toThrow(
      /contentFormat="xml"/,
    );
  });

  it('writes the OpenInference names by default; openInferenceAttributes or OPENOBSERVE_OPENINFERENCE_ATTRIBUTES turn them off', () => {
    expect(resolveInstrumentationSettings({}, {}).openInferenceAttributes).toBe(true);
    expect(
      resolveInstrumentationSettings({}, { OPENOBSERVE_OPENINFERENCE_ATTRIBUTES: 'false' })
        .openInferenceAttributes,
    ).toBe(false);
    expect(
      resolveInstrumentationSettings(
        { openInferenceAttributes: true },
        { OPENOBSERVE_OPENINFERENCE_ATTRIBUTES: 'false' },
      ).openInferenceAttributes,
    ).toBe(true);
    expect(() =>
      resolveInstrumentationSettings({}, { OPENOBSERVE_OPENINFERENCE_ATTRIBUTES: 'nope' }),
    ).toThrow(/OPENOBSERVE_OPENINFERENCE_ATTRIBUTES="nope" is not a boolean/);
    expect(() => resolveInstrumentationSettings({ openInferenceAttributes: 'no' as never }, {})).toThrow(
      /openInferenceAttributes="no" must be true or false/,
    );
  });

  it('asks for stream usage by default', () => {
    expect(resolveInstrumentationSettings({}, {}).includeStreamUsage).toBe(true);
    expect(resolveInstrumentationSettings({ includeStreamUsage: false }, {}).includeStreamUsage).toBe(false);
  });

  it('knows the hosted gateway, PORTKEY_BASE_URL and the gatewayURLs option', () => {
    const { gatewayURLs } = resolveInstrumentationSettings(
      { gatewayURLs: ['http://Gateway.internal:8787/v1/'] },
      { PORTKEY_BASE_URL: 'http://127.0.0.1:8787/v1' },
    );
    expect(gatewayURLs).toEqual([
      'https://api.portkey.ai/',
      'http://gateway.internal:8787/v1/',
      'http://127.0.0.1:8787/v1/',
    ]);
    expect(() => resolveInstrumentationSettings({}, { PORTKEY_BASE_URL: 'not a url' })).toThrow(
      /PORTKEY_BASE_URL\) is not a URL/,
    );
  });

  it('writes the deprecated gen_ai.system only behind OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai/dup', () => {
    expect(resolveInstrumentationSettings({}, {}).deprecatedGenAISystem).toBe(false);
    expect(
      resolveInstrumentationSettings({}, { OTEL_SEMCONV_STABILITY_OPT_IN: 'http, gen_ai/dup' })
        .deprecatedGenAISystem,
    ).toBe(true);
  });

  it('rejects limits that are not usable', () => {
    expect(() => resolveInstrumentationSettings({ maxTextLength: 10 }, {})).toThrow(/maxTextLength=10/);
    expect(() => resolveInstrumentationSettings({ idleTimeoutMs: 0 }, {})).toThrow(/idleTimeoutMs=0/);
  });
});
