import type { InstrumentOpenAIOptions } from './instrument-openai.js';

// Set by a no-argument instrumentOpenAI() anywhere in the process (every copy of core shares it).
const APP_WIDE_KEY = Symbol.for('portobserve.openai.app-wide');
type GlobalWithAppWide = typeof globalThis & { [APP_WIDE_KEY]?: { options: InstrumentOpenAIOptions } };

/** Remembers that the app asked for every `openai` to be traced, and with which options. */
export function rememberAppWideInstrumentation(options: InstrumentOpenAIOptions): void {
  (globalThis as GlobalWithAppWide)[APP_WIDE_KEY] = { options };
}

export function forgetAppWideInstrumentation(): void {
  delete (globalThis as GlobalWithAppWide)[APP_WIDE_KEY];
}

/** The options of the app-wide `instrumentOpenAI()`, if one was made. */
export function appWideInstrumentation(): InstrumentOpenAIOptions | undefined {
  return (globalThis as GlobalWithAppWide)[APP_WIDE_KEY]?.options;
}
