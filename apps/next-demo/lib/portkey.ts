import { createPortkeyClient } from '@portobserve/portkey';
import type OpenAI from 'openai';

export const DEMO_MODEL = process.env.DEMO_MODEL ?? 'gpt-4o-mini';

let client: OpenAI | undefined;

/**
 * The Portkey client of every route (PORTKEY_BASE_URL, PORTKEY_PROVIDER, PORTKEY_API_KEY, OPENAI_API_KEY).
 * Made on first use, not when `next build` loads the route. Its calls are traced on the client itself, so
 * it needs no patching of the route bundle's `openai`.
 */
export function portkey(): OpenAI {
  client ??= createPortkeyClient({
    customHost: process.env.PORTKEY_CUSTOM_HOST || undefined,
  });
  return client;
}
