import type { CallSettings } from './llm-call.js';

/** Settings one `instrumentOpenAI` call gave its wrappers; `active: false` makes them pass through. */
export interface InstrumentationState {
  active: boolean;
  settings: CallSettings;
  includeStreamUsage: boolean;
}
