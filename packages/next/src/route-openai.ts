import { instrumentOpenAI, type OpenAITarget } from '@portobserve/core';
import { readRegistration } from './registration.js';

const instrumented = new WeakSet<object>();

/**
 * Instruments the `OpenAI` class a route module imports: the route bundle's own copy of `openai`,
 * which the patch made in `instrumentation.ts` does not reach. Uses the options given to
 * `registerOpenObserve`. Once per class (and core never wraps a method twice).
 */
export function instrumentRouteOpenAI(openai: OpenAITarget | undefined): void {
  if (openai === undefined || instrumented.has(openai)) return;
  instrumented.add(openai);
  const registered = readRegistration()?.instrumentation;
  instrumentOpenAI(openai, registered === false ? {} : registered);
}
