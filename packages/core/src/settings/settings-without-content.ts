import type { ContentSettings, InstrumentationSettings } from './instrumentation-settings.js';

const derived = new WeakMap<InstrumentationSettings, InstrumentationSettings>();

/**
 * `settings` for a call whose span is not recorded (sampled out, or no tracer provider) but whose
 * metrics are: no prompt or answer is read or serialised, since nothing would keep it. Everything else
 * follows `settings`, its content limits too as they tighten. Made once per settings.
 *
 * @example
 * ```ts
 * const callSettings = span.isRecording() ? settings : settingsWithoutContent(settings);
 * callSettings.content.captureInputs; // false when the span is not recorded
 * ```
 */
export function settingsWithoutContent(settings: InstrumentationSettings): InstrumentationSettings {
  let withoutContent = derived.get(settings);
  if (!withoutContent) {
    const source = settings.content;
    const content: ContentSettings = {
      captureInputs: false,
      captureOutputs: false,
      get maxTextLength() {
        return source.maxTextLength;
      },
      get format() {
        return source.format;
      },
    };
    withoutContent = { ...settings, content };
    derived.set(settings, withoutContent);
  }
  return withoutContent;
}
