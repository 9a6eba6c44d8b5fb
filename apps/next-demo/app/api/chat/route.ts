import { withOpenObserve } from '@portobserve/next';
import { llmContextOf } from '../../../lib/llm-context';
import { DEMO_MODEL, portkey } from '../../../lib/portkey';
import { readPrompt } from '../../../lib/read-prompt';

/** One chat completion through Portkey, answered as JSON: `{ "answer": "..." }`. */
export const POST = withOpenObserve(
  async (request: Request) => {
    const completion = await portkey().chat.completions.create({
      model: DEMO_MODEL,
      messages: [{ role: 'user', content: await readPrompt(request) }],
    });
    return Response.json({ answer: completion.choices[0]?.message.content ?? '' });
  },
  { context: (request) => llmContextOf(request, '/api/chat') },
);
