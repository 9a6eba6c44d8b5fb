import { withOpenObserve } from '@portobserve/next';
import { llmContextOf } from '../../../../lib/llm-context';
import { DEMO_MODEL, portkey } from '../../../../lib/portkey';
import { readPrompt } from '../../../../lib/read-prompt';

/**
 * The answer's tokens streamed to the browser as plain text. The LLM span ends (with its token counts)
 * when the last token has been sent, and the spans are flushed then.
 */
export const POST = withOpenObserve(
  async (request: Request) => {
    const stream = await portkey().chat.completions.create({
      model: DEMO_MODEL,
      messages: [{ role: 'user', content: await readPrompt(request) }],
      stream: true,
    });
    const chunks = stream[Symbol.asyncIterator]();
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      // Each pull must enqueue or close, or the stream stalls: skip chunks without text (role, usage).
      async pull(controller) {
        for (;;) {
          const { done, value } = await chunks.next();
          if (done) {
            controller.close();
            return;
          }
          const token = value.choices[0]?.delta?.content;
          if (token) {
            controller.enqueue(encoder.encode(token));
            return;
          }
        }
      },
      async cancel() {
        await chunks.return?.();
      },
    });
    return new Response(body, {
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    });
  },
  { context: (request) => llmContextOf(request, '/api/chat/stream') },
);
