import { describe, expect, it } from 'vitest';
import { errorType } from './record-error.js';

describe('errorType', () => {
  it("keeps an error's own name when a minifier renamed its class (Next's server build)", () => {
    // What `class APIUserAbortError extends Error { name = 'APIUserAbortError' }` becomes once minified.
    const minified = class nh extends Error {
      override name = 'APIUserAbortError';
    };
    expect(errorType(new minified('Request was aborted.'))).toBe('APIUserAbortError');
  });

  it("uses the class's name for errors that set no name (openai's), and the HTTP status first", () => {
    class APIConnectionError extends Error {}
    expect(errorType(new APIConnectionError('Connection error.'))).toBe('APIConnectionError');
    expect(errorType(Object.assign(new APIConnectionError('limited'), { status: 429 }))).toBe('429');
    expect(errorType(new TypeError('fetch failed'))).toBe('TypeError');
    expect(errorType(new DOMException('This operation was aborted', 'AbortError'))).toBe('AbortError');
    expect(errorType(new Error('plain'))).toBe('Error');
    expect(errorType('a string')).toBe('_OTHER');
  });
});
