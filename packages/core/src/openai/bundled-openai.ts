import { appWideInstrumentation } from '../settings/app-wide-instrumentation.js';
import { registerContentSettings, unregisterContentSettings } from '../settings/content-ceiling.js';
import { resolveInstrumentationSettingsOrFallBack } from '../settings/instrumentation-settings.js';
import type { OpenAITarget } from './instrument-openai.js';
import { patchOpenAI } from './patch-openai.js';
import type { WrapperState } from './wrap-create-method.js';

const bundledClasses = new WeakSet<object>();

/**
 * For bundles (Next.js route handlers): a bundle carries its own copy of `openai`, which the
 * app-wide `instrumentOpenAI()` made in `instrumentation.ts` cannot reach as a class (the transport
 * capture still sees its requests to the gateway; the class patch knows more). Adapters loaded inside
 * the bundle hand that copy's `OpenAI` class here; when the app turned instrumentation on, it is
 * patched with the same settings. Does nothing otherwise (unless `always`: a class the app handed over
 * itself is patched anyway, with default settings when no app-wide call was made), and only once per
 * class. The app-wide `uninstrument()` undoes it.
 *
 * @example
 * ```ts
 * import OpenAI from 'openai';
 * instrumentBundledOpenAI(OpenAI); // traced if instrumentation.ts called instrumentOpenAI()
 * ```
 */
export function instrumentBundledOpenAI(
  openAIClass: OpenAITarget | undefined,
  { always = false }: { always?: boolean } = {},
): boolean {
  const appWide = appWideInstrumentation();
  if ((!appWide && !always) || !openAIClass || bundledClasses.has(openAIClass)) return false;
  const settings = appWide?.settings ?? resolveInstrumentationSettingsOrFallBack();
  if (!appWide) registerContentSettings(settings, openAIClass);
  bundledClasses.add(openAIClass);
  const state: WrapperState = { active: true, settings };
  const undo = patchOpenAI(openAIClass, state);
  const undoBundled = () => {
    state.active = false;
    undo();
    bundledClasses.delete(openAIClass);
    if (!appWide) unregisterContentSettings(settings);
  };
  appWide?.undo.push(undoBundled);
  return true;
}
