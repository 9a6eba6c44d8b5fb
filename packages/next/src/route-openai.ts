import type { OpenAITarget } from '@portobserve/core';
import { instrumentBundledOpenAI } from '@portobserve/core/adapter';
import { OpenAI } from 'openai';

/**
 * Instruments the route bundle's own copy of `openai`, which the `instrumentOpenAI()` made by
 * `registerOpenObserve()` in `instrumentation.ts` cannot reach. Importing `openai` here makes the
 * bundler hand this module the same copy the route imports, so a plain `new OpenAI()` in a wrapped
 * route is traced with no extra setting. `explicit` is a class the route passes itself
 * (`{ openai: OpenAI }`), for setups where the copies could differ. Patches only when instrumentation
 * was switched on, once per class.
 */
export function instrumentRouteOpenAI(explicit?: OpenAITarget): void {
  instrumentBundledOpenAI(OpenAI);
  if (explicit !== undefined) instrumentBundledOpenAI(explicit, { always: true });
}
