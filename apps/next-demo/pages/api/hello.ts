import { withOpenObserveApi } from '@portobserve/next';
import type { NextApiRequest, NextApiResponse } from 'next';
import { DEMO_MODEL, portkey } from '../../lib/portkey';

/** A Pages Router API route: one chat completion, answered as JSON. */
export default withOpenObserveApi(
  async (req: NextApiRequest, res: NextApiResponse<{ answer: string }>) => {
    const name = typeof req.query.name === 'string' ? req.query.name : 'OpenObserve';
    const completion = await portkey().chat.completions.create({
      model: DEMO_MODEL,
      messages: [{ role: 'user', content: `Say hello to ${name}.` }],
    });
    res.status(200).json({ answer: completion.choices[0]?.message.content ?? '' });
  },
  {
    route: '/api/hello',
    context: (req) => ({ sessionId: headerOf(req, 'x-session-id'), metadata: { route: '/api/hello' } }),
  },
);

function headerOf(req: NextApiRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
