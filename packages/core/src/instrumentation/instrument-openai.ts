import { resolveContentPolicy } from '../content/content-policy.js';
import type { ModelPriceTable } from '../pricing/model-price.js';
import {
  appWideInstrumentation,
  forgetAppWideInstrumentation,
  rememberAppWideInstrumentation,
  rememberBundledUndo,
} from './bundled-openai.js';
import type { InstrumentationState } from './instrumentation-state.js';
import { type CreateTarget, classTargets, instanceTargets, openAIMajorVersion } from './openai-targets.js';
import { resolveAppOpenAI } from './resolve-app-openai.js';
import { isWrapped, wrapCreateMethod } from './wrap-create-method.js';

/**
 * Settings of `instrumentOpenAI`.
 *
 * @example
 * ```ts
 * const options: InstrumentOpenAIOptions = { includeStreamUsage: true, captureContent: false };
 * instrumentOpenAI(options);
 * ```
 */
export interface InstrumentOpenAIOptions {
  /**
   * Record prompts and completions (default true). `false`, or `OPENOBSERVE_CAPTURE_CONTENT=false`,
   * records none; `OPENINFERENCE_HIDE_INPUTS` / `OPENINFERENCE_HIDE_OUTPUTS` hide one side.
   */
  captureContent?: boolean;
  /** Longest text kept per attribute, in characters (default 16 000); longer text is cut and marked. */
  maxTextLength?: number;
  /**
   * Ask for `stream_options.include_usage` on streamed Chat Completions and Completions so they get
   * token counts (default false: it adds a final chunk with an empty `choices` array to your stream).
   */
  includeStreamUsage?: boolean;
  /** Extra or replacement prices, USD per token, by model name: `{ 'my-model': { input, output } }`. */
  prices?: ModelPriceTable;
  /**
   * A response or stream that nobody reads ends its span after this many milliseconds without
   * activity (default 60 000). Streams that are dropped end when they are garbage collected.
   */
  idleTimeoutMs?: number;
}

/**
 * The `OpenAI` class, or a client made from it.
 *
 * @example
 * ```ts
 * instrumentOpenAI(OpenAI); // the class
 * instrumentOpenAI(new OpenAI()); // one client
 * ```
 */
export type OpenAITarget = object;

/** Tested `openai` majors; others get a warning, and are still patched. */
const TESTED_MAJORS = new Set([5, 6, 7]);
const warnedVersions = new Set<string>();

/**
 * Turns every call of the `openai` client into one OpenTelemetry span (OpenInference and GenAI
 * attributes): `chat.completions.create` (plain, streamed, and through `parse`, `stream` and
 * `runTools`), `completions.create`, `embeddings.create` and `responses.create`.
 *
 * - No target: patches the `openai` package your app resolves, both its CommonJS and ES module builds.
 * - The `OpenAI` class: patches that class. A client instance: patches just that client.
 *
 * Call it before or after creating clients. Calling it again, or from a second copy of this package,
 * never makes two spans for one call. Returns a function that undoes it.
 *
 * @example
 * ```ts
 * import OpenAI from 'openai';
 * import { instrumentOpenAI, openobserveInit } from '@portobserve/core';
 *
 * openobserveInit();
 * instrumentOpenAI({ includeStreamUsage: true });
 * const openai = new OpenAI();
 * await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
 * ```
 */
export function instrumentOpenAI(
  targetOrOptions?: OpenAITarget | InstrumentOpenAIOptions,
  maybeOptions?: InstrumentOpenAIOptions,
): () => void {
  const isTarget = targetOrOptions !== undefined && looksLikeOpenAI(targetOrOptions);
  const options = (isTarget ? maybeOptions : (targetOrOptions as InstrumentOpenAIOptions | undefined)) ?? {};
  const state = createState(options);

  const targets: CreateTarget[] = [];
  if (isTarget) {
    targets.push(...targetsOf(targetOrOptions as Record<string, unknown>));
  } else {
    rememberAppWideInstrumentation(options);
    const { loaded, problems } = resolveAppOpenAI();
    for (const { openAIClass } of loaded) targets.push(...targetsOf(openAIClass));
    if (loaded.length > 0 && problems.length > 0) {
      console.warn(
        `[portobserve] instrumentOpenAI() could not load every build of 'openai' (${problems.join('; ')}). ` +
          'Loading its ES module build synchronously needs Node 20.19+ or 22.12+; on older Node, ES module apps ' +
          'should pass the class: instrumentOpenAI(OpenAI).',
      );
    }
    if (loaded.length === 0) {
      console.warn(
        `[portobserve] instrumentOpenAI() found no 'openai' package from ${process.cwd()}` +
          `${problems.length > 0 ? ` (${problems.join('; ')})` : ''}: nothing is traced. ` +
          'Install openai, or pass the OpenAI class or your client: instrumentOpenAI(OpenAI).',
      );
    }
  }
  const uninstrument = patchTargets(targets, state);
  if (isTarget) return uninstrument;
  return () => {
    forgetAppWideInstrumentation();
    uninstrument();
  };
}

const bundledClasses = new WeakSet<object>();

/**
 * For bundles (Next.js route handlers): a bundle carries its own copy of `openai`, which the
 * app-wide `instrumentOpenAI()` made in `instrumentation.ts` cannot reach. Adapters loaded inside the
 * bundle hand that copy's `OpenAI` class here; when the app turned instrumentation on, it is patched
 * with the same options. Does nothing otherwise (unless `always`: a class the app handed over itself is
 * patched anyway, with default options when no app-wide call was made), and only once per class.
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
  const options = appWideInstrumentation() ?? (always ? {} : undefined);
  if (!options || !openAIClass || bundledClasses.has(openAIClass)) return false;
  bundledClasses.add(openAIClass);
  const undo = patchTargets(targetsOf(openAIClass as Record<string, unknown>), createState(options));
  rememberBundledUndo(() => {
    undo();
    bundledClasses.delete(openAIClass);
  });
  return true;
}

function looksLikeOpenAI(value: object): boolean {
  if (typeof value === 'function') return true;
  const record = value as Record<string, unknown>;
  return typeof record.chat === 'object' || typeof record.embeddings === 'object' || 'baseURL' in record;
}

function targetsOf(target: Record<string, unknown>): CreateTarget[] {
  warnIfUntested(target);
  const targets = typeof target === 'function' ? classTargets(target) : instanceTargets(target);
  if (targets.length === 0) {
    console.warn(
      '[portobserve] instrumentOpenAI(): this openai object has no chat.completions, completions, embeddings ' +
        'or responses resource to patch; nothing is traced for it. Pass the OpenAI class or a client.',
    );
  }
  return targets;
}

function warnIfUntested(target: Record<string, unknown>): void {
  const { version, major } = openAIMajorVersion(target);
  if (major === undefined || TESTED_MAJORS.has(major) || !version || warnedVersions.has(version)) return;
  warnedVersions.add(version);
  console.warn(
    `[portobserve] openai ${version} has not been tested with @portobserve/core (tested: 5.x, 6.x, 7.x). ` +
      'It is instrumented anyway; if spans look wrong, please report it.',
  );
}

function createState(options: InstrumentOpenAIOptions): InstrumentationState {
  const idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
  if (!Number.isFinite(idleTimeoutMs) || idleTimeoutMs <= 0) {
    throw new RangeError(
      `instrumentOpenAI idleTimeoutMs=${idleTimeoutMs} must be a number of milliseconds above 0.`,
    );
  }
  return {
    active: true,
    includeStreamUsage: options.includeStreamUsage ?? false,
    settings: { policy: resolveContentPolicy(options), prices: options.prices, idleTimeoutMs },
  };
}

function patchTargets(targets: CreateTarget[], state: InstrumentationState): () => void {
  const undo: Array<() => void> = [];
  for (const { owner, operation } of targets) {
    const current = owner.create as (this: unknown, ...args: unknown[]) => unknown;
    // Already ours (an earlier call, or another copy of core): one wrapper is enough.
    if (isWrapped(current) && Object.hasOwn(owner, 'create')) continue;
    const hadOwn = Object.hasOwn(owner, 'create');
    const wrapped = wrapCreateMethod(current, operation, state);
    owner.create = wrapped;
    undo.push(() => {
      if (owner.create !== wrapped) return;
      if (hadOwn) owner.create = current;
      else delete owner.create;
    });
  }
  return function uninstrument() {
    state.active = false;
    for (const step of undo) step();
    undo.length = 0;
  };
}
