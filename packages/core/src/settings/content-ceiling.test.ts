import { afterEach, describe, expect, it } from 'vitest';
import { registerContentSettings, unregisterContentSettings } from './content-ceiling.js';
import { type InstrumentationSettings, resolveInstrumentationSettings } from './instrumentation-settings.js';

const registered: InstrumentationSettings[] = [];
function register(
  options: Parameters<typeof resolveInstrumentationSettings>[0],
  openAIClass: object | undefined,
): { settings: InstrumentationSettings; loosened: string[] } {
  const settings = resolveInstrumentationSettings(options, {});
  registered.push(settings);
  return { settings, loosened: registerContentSettings(settings, openAIClass) };
}
afterEach(() => {
  for (const settings of registered.splice(0)) unregisterContentSettings(settings);
});

class OpenAIA {}
class OpenAIB {}

describe('registerContentSettings: the strictest call covering a client wins, in any order', () => {
  it('a client call cannot turn content back on under an app-wide call that turned it off', () => {
    register({ captureContent: false }, undefined);
    const client = register({ captureContent: true }, OpenAIA);
    expect(client.settings.content.captureInputs).toBe(false);
    expect(client.loosened).toEqual(['captureContent']);
  });

  it('an app-wide call made later turns content off for the calls it covers', () => {
    const client = register({}, OpenAIA);
    const appWide = register({ captureContent: false, maxTextLength: 100 }, undefined);
    expect(appWide.loosened).toEqual([]);
    expect(client.settings.content).toMatchObject({
      captureInputs: false,
      captureOutputs: false,
      maxTextLength: 100,
    });
  });

  it('a class call covers that class only', () => {
    const a = register({}, OpenAIA);
    const b = register({}, OpenAIB);
    register({ captureContent: false }, OpenAIA);
    expect(a.settings.content.captureInputs).toBe(false);
    expect(b.settings.content.captureInputs).toBe(true);
  });

  it('forgets undone calls', () => {
    const appWide = register({ captureContent: false }, undefined);
    unregisterContentSettings(appWide.settings);
    expect(register({}, OpenAIA).settings.content.captureInputs).toBe(true);
  });
});
