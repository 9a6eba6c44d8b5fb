import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { CORE_VERSION } from './version.js';

it('is the version in package.json, so a release bump cannot leave it behind', () => {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  expect(CORE_VERSION).toBe(manifest.version);
  expect(CORE_VERSION).toMatch(/^\d+\.\d+\.\d+/);
});
