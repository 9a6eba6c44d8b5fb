import type { ContentSettings, InstrumentationSettings } from './instrumentation-settings.js';

/**
 * The rule for content settings when several `instrumentOpenAI` calls cover the same client (the
 * app-wide call covers every client, a class call that class's clients, a client call that client):
 * the strictest wins, whatever the order of the calls. Content off beats content on, the shorter
 * `maxTextLength` beats the longer. So a later call can turn content off, never back on.
 */
interface Entry {
  settings: WeakRef<InstrumentationSettings>;
  /** The `OpenAI` class the call covers; undefined for the app-wide call (every client). */
  openAIClass: object | undefined;
}

const REGISTRY_KEY = Symbol.for('portobserve.instrumentation.content-ceiling');
type GlobalWithRegistry = typeof globalThis & { [REGISTRY_KEY]?: Entry[] };

function entries(): Entry[] {
  const scope = globalThis as GlobalWithRegistry;
  scope[REGISTRY_KEY] ??= [];
  return scope[REGISTRY_KEY];
}

/**
 * Registers one call's settings, covering `openAIClass` (undefined: every client), and tightens
 * content both ways: the new settings by every call covering them, and every call they cover by the
 * new settings. Returns the content options the new call tried to loosen (to warn about).
 */
export function registerContentSettings(
  settings: InstrumentationSettings,
  openAIClass: object | undefined,
): string[] {
  const list = entries();
  const loosened = new Set<string>();
  for (let index = list.length - 1; index >= 0; index--) {
    const entry = list[index];
    const other = entry?.settings.deref();
    if (!entry || !other) {
      list.splice(index, 1);
      continue;
    }
    if (other === settings) continue;
    const coversNew = entry.openAIClass === undefined || entry.openAIClass === openAIClass;
    const newCovers = openAIClass === undefined || entry.openAIClass === openAIClass;
    if (coversNew) for (const option of tighten(settings.content, other.content)) loosened.add(option);
    if (newCovers) tighten(other.content, settings.content);
  }
  list.push({ settings: new WeakRef(settings), openAIClass });
  return [...loosened];
}

/** Forgets a call's settings (its `uninstrument()`). */
export function unregisterContentSettings(settings: InstrumentationSettings): void {
  const list = entries();
  const index = list.findIndex((entry) => entry.settings.deref() === settings);
  if (index !== -1) list.splice(index, 1);
}

/** Makes `target` at least as strict as `ceiling`, in place; names what had to change. */
function tighten(target: ContentSettings, ceiling: ContentSettings): string[] {
  const changed: string[] = [];
  if (
    (target.captureInputs && !ceiling.captureInputs) ||
    (target.captureOutputs && !ceiling.captureOutputs)
  ) {
    changed.push('captureContent');
    target.captureInputs &&= ceiling.captureInputs;
    target.captureOutputs &&= ceiling.captureOutputs;
  }
  if (target.maxTextLength > ceiling.maxTextLength) {
    changed.push('maxTextLength');
    target.maxTextLength = ceiling.maxTextLength;
  }
  return changed;
}
