import type { InstrumentationSettings } from './instrumentation-settings.js';

/** What a no-argument `instrumentOpenAI()` switched on, shared by every copy of core in the process. */
export interface AppWideInstrumentation {
  readonly settings: InstrumentationSettings;
  /** Undo steps, run last first by {@link AppWideInstrumentation.undoAll}. */
  readonly undo: Array<() => void>;
  /** Ends it: every step once, including patches made later on its behalf (bundled `openai` copies). */
  readonly undoAll: () => void;
}

const APP_WIDE_KEY = Symbol.for('portobserve.openai.app-wide');
type GlobalWithAppWide = typeof globalThis & { [APP_WIDE_KEY]?: AppWideInstrumentation };

/** The app-wide instrumentation, if `instrumentOpenAI()` was called and not undone. */
export function appWideInstrumentation(): AppWideInstrumentation | undefined {
  return (globalThis as GlobalWithAppWide)[APP_WIDE_KEY];
}

/** Records the app-wide instrumentation (the first call's settings). */
export function startAppWideInstrumentation(settings: InstrumentationSettings): AppWideInstrumentation {
  const scope = globalThis as GlobalWithAppWide;
  const undo: Array<() => void> = [];
  const appWide: AppWideInstrumentation = {
    settings,
    undo,
    undoAll() {
      if (scope[APP_WIDE_KEY] === appWide) delete scope[APP_WIDE_KEY];
      for (const step of undo.splice(0).reverse()) step();
    },
  };
  scope[APP_WIDE_KEY] = appWide;
  return appWide;
}
