import type { InstrumentOpenAIOptions } from './instrument-openai.js';

// Set by a no-argument instrumentOpenAI() anywhere in the process (every copy of core shares it).
const APP_WIDE_KEY = Symbol.for('portobserve.openai.app-wide');
type AppWide = { options: InstrumentOpenAIOptions; undoBundled: Array<() => void> };
type GlobalWithAppWide = typeof globalThis & { [APP_WIDE_KEY]?: AppWide };

/** Remembers that the app asked for every `openai` to be traced, and with which options. */
export function rememberAppWideInstrumentation(options: InstrumentOpenAIOptions): void {
  (globalThis as GlobalWithAppWide)[APP_WIDE_KEY] = { options, undoBundled: [] };
}

/** Ends the app-wide instrumentation, including what it patched in bundles. */
export function forgetAppWideInstrumentation(): void {
  const appWide = (globalThis as GlobalWithAppWide)[APP_WIDE_KEY];
  delete (globalThis as GlobalWithAppWide)[APP_WIDE_KEY];
  for (const undo of appWide?.undoBundled ?? []) undo();
}

/** Lets the app-wide `uninstrument()` also undo a patch made in a bundle. */
export function rememberBundledUndo(undo: () => void): void {
  (globalThis as GlobalWithAppWide)[APP_WIDE_KEY]?.undoBundled.push(undo);
}

/** The options of the app-wide `instrumentOpenAI()`, if one was made. */
export function appWideInstrumentation(): InstrumentOpenAIOptions | undefined {
  return (globalThis as GlobalWithAppWide)[APP_WIDE_KEY]?.options;
}
