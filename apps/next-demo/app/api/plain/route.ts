import { withOpenObserve } from '@portobserve/next';
import { portkeyHeaders } from '@portobserve/portkey';
import OpenAI from 'openai';
import { DEMO_MODEL } from '../../../lib/portkey';
import { readPrompt } from '../../../lib/read-prompt';

/**
 * A plain `new OpenAI()` (no Portkey factory). This route bundle has its own copy of `openai`, which
 * the patch made by registerOpenObserve() in instrumentation.ts cannot reach: withOpenObserve
 * instruments this copy itself, with the same options.
 */
export const POST = withOpenObserve(async (request: Request) => {
  const openai = new OpenAI({
    baseURL: process.env.PORTKEY_BASE_URL,
    apiKey: process.env.OPENAI_API_KEY,
    defaultHeaders: portkeyHeaders({
      provider: 'openai',
      customHost: process.env.PORTKEY_CUSTOM_HOST || undefined,
    }),
  });
  const completion = await openai.chat.completions.create({
    model: DEMO_MODEL,
    messages: [{ role: 'user', content: await readPrompt(request) }],
  });
  return Response.json({ answer: completion.choices[0]?.message.content ?? '' });
});
