import type { InstrumentOpenAIOptions } from '@portobserve/core';

/** What `registerOpenObserve()` left for the route bundles, which load their own copy of this package. */
export interface Registration {
  /** The `instrumentOpenAI` options given to `registerOpenObserve`, or `false` when it was turned off. */
  instrumentation: InstrumentOpenAIOptions | false;
}

// One key for every copy of this package in the process: instrumentation.ts and each route bundle.
const REGISTRATION_KEY = Symbol.for('portobserve.next.registration');
type GlobalWithRegistration = typeof globalThis & { [REGISTRATION_KEY]?: Registration };

export function rememberRegistration(registration: Registration): void {
  (globalThis as GlobalWithRegistration)[REGISTRATION_KEY] = registration;
}

export function readRegistration(): Registration | undefined {
  return (globalThis as GlobalWithRegistration)[REGISTRATION_KEY];
}
