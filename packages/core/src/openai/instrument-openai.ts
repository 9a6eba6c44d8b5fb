import { createWarnOnce } from '../openobserve/warn-once.js';
import { appWideInstrumentation, startAppWideInstrumentation } from '../settings/app-wide-instrumentation.js';
import { registerContentSettings, unregisterContentSettings } from '../settings/content-ceiling.js';
import type { InstrumentOpenAIOptions } from '../settings/instrument-openai-options.js';
import {
  differingOptions,
  resolveInstrumentationSettingsOrFallBack,
} from '../settings/instrumentation-settings.js';
import { installFetchCapture } from '../transport/install-fetch-capture.js';
import { patchOpenAI } from './patch-openai.js';
import { importAppOpenAI, resolveAppOpenAI } from './resolve-app-openai.js';
import type { WrapperState } from './wrap-create-method.js';

/**
 * A client made by the `openai` package (any copy, version 5 to 7).
 *
 * @example
 * ```ts
 * const client: OpenAIClientLike = new OpenAI();
 * instrumentOpenAI(client);
 * ```
 */
export type OpenAIClientLike =
  | { baseURL: string }
  | { chat: object }
  | { embeddings: object }
  | { responses: object };

/**
 * The `OpenAI` class, or a client made from it.
 *
 * @example
 * ```ts
 * instrumentOpenAI(OpenAI); // the class
 * instrumentOpenAI(new OpenAI()); // one client
 * ```
 */
export type OpenAITarget = OpenAIClientLike | (abstract new (...args: never[]) => object);

const warnOnce = createWarnOnce();

/**
 * Turns every LLM request into one OpenTelemetry span (GenAI and OpenInference attributes).
 *
 * - No target, the app-wide call: patches the `openai` package your app resolves (its CommonJS and ES
 *   module builds), and captures at the transport (`fetch`) every request bound for the Portkey gateway
 *   (`x-portkey-*` headers, `api.portkey.ai`, `PORTKEY_BASE_URL`, `gatewayURLs`) that no `openai` class
 *   patch saw: other copies of `openai` (tsx, a dependency's own copy, a sibling workspace package), the
 *   `portkey-ai` SDK, the Vercel AI SDK, LangChain. Clients that captured `fetch` before this call are
 *   not seen by the capture; the first such request is reported once.
 * - The `OpenAI` class: patches that class. A client: patches just that client.
 *
 * Each request is one span, whichever path sees it. Content settings: the strictest call covering a
 * client wins, whatever the order (a later call can turn content off, never on). Other options: the
 * call for the client beats the call for its class, which beats the app-wide call; an app-wide call
 * made again keeps the first call's options and warns. Returns a function that undoes it.
 *
 * @example
 * ```ts
 * import OpenAI from 'openai';
 * import { instrumentOpenAI, openobserveInit } from '@portobserve/core';
 *
 * openobserveInit();
 * instrumentOpenAI();
 * const openai = new OpenAI();
 * await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
 * ```
 */
export function instrumentOpenAI(options?: InstrumentOpenAIOptions): () => void;
export function instrumentOpenAI(target: OpenAITarget, options?: InstrumentOpenAIOptions): () => void;
export function instrumentOpenAI(
  targetOrOptions?: OpenAITarget | InstrumentOpenAIOptions,
  maybeOptions?: InstrumentOpenAIOptions,
): () => void {
  if (targetOrOptions !== undefined && looksLikeOpenAI(targetOrOptions)) {
    return instrumentTarget(targetOrOptions, maybeOptions ?? {});
  }
  return instrumentAppWide((targetOrOptions as InstrumentOpenAIOptions | undefined) ?? {});
}

function instrumentAppWide(options: InstrumentOpenAIOptions): () => void {
  const settings = resolveInstrumentationSettingsOrFallBack(options);
  const existing = appWideInstrumentation();
  if (existing) {
    // Its content limits tighten every call it covers (the first app-wide one included), then it is done.
    const loosened = registerContentSettings(settings, undefined);
    unregisterContentSettings(settings);
    const differing = [...new Set([...differingOptions(existing.settings, settings), ...loosened])];
    if (differing.length > 0) {
      warnOnce(
        `app-wide-again:${differing.join()}`,
        `instrumentOpenAI() was called again with other options (${differing.join(', ')}): the stricter content ` +
          "settings apply; for the others the first call's values are kept.",
      );
    }
    return existing.undoAll;
  }

  const state: WrapperState = { active: true, settings };
  const appWide = startAppWideInstrumentation(settings);
  registerContentSettings(settings, undefined);
  appWide.undo.push(() => {
    state.active = false;
    unregisterContentSettings(settings);
  });
  const { loaded, problems, esmFiles } = resolveAppOpenAI();
  for (const { openAIClass } of loaded) appWide.undo.push(patchOpenAI(openAIClass, state));
  void importAppOpenAI(esmFiles).then((imported) => {
    if (!state.active) return;
    for (const { openAIClass } of imported) appWide.undo.push(patchOpenAI(openAIClass, state));
  });
  appWide.undo.push(installFetchCapture(settings));
  if (loaded.length > 0 && problems.length > 0) {
    warnOnce(
      'openai-builds',
      `instrumentOpenAI() could not load every build of 'openai' (${problems.join('; ')}): requests of that build ` +
        'are still traced at the transport when bound for the Portkey gateway. Loading the ES module build ' +
        'synchronously needs Node 20.19+ or 22.12+.',
    );
  }
  return appWide.undoAll;
}

function instrumentTarget(target: OpenAITarget, options: InstrumentOpenAIOptions): () => void {
  const settings = resolveInstrumentationSettingsOrFallBack(options);
  const openAIClass =
    typeof target === 'function' ? target : (target as { constructor?: unknown }).constructor;
  const loosened = registerContentSettings(
    settings,
    typeof openAIClass === 'function' ? openAIClass : undefined,
  );
  if (loosened.length > 0) {
    warnOnce(
      `target-loosens:${loosened.join()}`,
      `instrumentOpenAI(${typeof target === 'function' ? 'OpenAI' : 'client'}, options) asks for more content ` +
        `(${loosened.join(', ')}) than an instrumentOpenAI call that also covers it: the stricter setting applies.`,
    );
  }
  const state: WrapperState = { active: true, settings };
  const undo = patchOpenAI(target, state);
  return function uninstrument() {
    state.active = false;
    unregisterContentSettings(settings);
    undo();
  };
}

function looksLikeOpenAI(value: object): value is OpenAITarget {
  if (typeof value === 'function') return true;
  const record = value as Record<string, unknown>;
  return typeof record.chat === 'object' || typeof record.embeddings === 'object' || 'baseURL' in record;
}
