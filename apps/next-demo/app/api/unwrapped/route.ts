import { plainGatewayOpenAI } from '../../../lib/plain-openai';
import { DEMO_MODEL } from '../../../lib/portkey';
import { readPrompt } from '../../../lib/read-prompt';

/**
 * A route nobody wrapped, with a plain `new OpenAI()` pointed at the gateway: instrumentation.ts's
 * registerOpenObserve() still traces it, at the transport (the global fetch), under Next.js's own spans.
 */
export async function POST(request: Request): Promise<Response> {
  const completion = await plainGatewayOpenAI().chat.completions.create({
    model: DEMO_MODEL,
    messages: [{ role: 'user', content: await readPrompt(request) }],
  });
  return Response.json({ answer: completion.choices[0]?.message.content ?? '' });
}
