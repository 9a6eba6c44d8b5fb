/** The `prompt` of a JSON body `{ "prompt": "..." }`, or a default question. */
export async function readPrompt(request: Request): Promise<string> {
  const body = (await request.json().catch(() => ({}))) as { prompt?: unknown };
  return typeof body.prompt === 'string' && body.prompt.trim()
    ? body.prompt
    : 'Say hello to OpenObserve in one sentence.';
}
