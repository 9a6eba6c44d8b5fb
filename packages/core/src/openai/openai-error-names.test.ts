import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { openAIErrorNamer } from './openai-error-names.js';

describe('openAIErrorNamer', () => {
  it("names openai's errors by class, the most specific first", () => {
    const name = openAIErrorNamer(OpenAI);
    expect(name?.(new OpenAI.APIConnectionTimeoutError())).toBe('APIConnectionTimeoutError');
    expect(name?.(new OpenAI.APIConnectionError({ message: 'down' }))).toBe('APIConnectionError');
    expect(name?.(new OpenAI.APIUserAbortError())).toBe('APIUserAbortError');
    expect(name?.(new Error('not openai'))).toBeUndefined();
  });

  it('names them when a bundler renamed the classes, from the client class the bundle exposes', () => {
    const nh = class extends Error {};
    const su = class extends nh {};
    // A client class as a bundle has it: the error classes hang off it.
    const BundledClient = Object.assign(function BundledClient() {}, { APIError: nh, APIUserAbortError: su });
    expect(openAIErrorNamer(BundledClient)?.(new su('Request was aborted.'))).toBe('APIUserAbortError');
    expect(openAIErrorNamer(BundledClient)?.(new nh('500'))).toBe('APIError');
    expect(openAIErrorNamer(class NoErrors {})).toBeUndefined();
    expect(openAIErrorNamer(undefined)).toBeUndefined();
  });
});
