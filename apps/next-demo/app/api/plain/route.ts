import { withOpenObserve } from '@portobserve/next';
import { plainGatewayOpenAI } from '../../../lib/plain-openai';
import { DEMO_MODEL } from '../../../lib/portkey';
import { readPrompt } from '../../../lib/read-prompt';

/**
 * A plain `new OpenAI()` (no Portkey factory). This route bundle has its own copy of `openai`, which
 * the patch made by registerOpenObserve() in instrumentation.ts cannot reach: withOpenObserve
 * instruments this copy itself, with the same options.
 */
export const POST = withOpenObserve(async (request: Request) => {
  const completion = await plainGatewayOpenAI().chat.completions.create({
    model: DEMO_MODEL,
    messages: [{ role: 'user', content: await readPrompt(request) }],
  });
  return Response.json({ answer: completion.choices[0]?.message.content ?? '' });
});
