/** How a response body ended: read to the end, failed while streaming, or cancelled by the client. */
export type BodyOutcome = { kind: 'complete' } | { kind: 'error'; error: unknown } | { kind: 'cancelled' };

/**
 * The response with its body passed through unchanged, calling `onEnd` once when the body has been
 * read to the end, has failed, or was cancelled (the client went away). For a streamed answer that is
 * when the last token was sent, not when the handler returned. A response without a body ends now.
 */
export function traceResponseBody(response: Response, onEnd: (outcome: BodyOutcome) => void): Response {
  const body = response.body;
  if (!body) {
    onEnd({ kind: 'complete' });
    return response;
  }
  let ended = false;
  const end = (outcome: BodyOutcome): void => {
    if (ended) return;
    ended = true;
    onEnd(outcome);
  };
  const reader = body.getReader();
  const traced = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          end({ kind: 'complete' });
        } else {
          controller.enqueue(value);
        }
      } catch (error) {
        controller.error(error);
        end({ kind: 'error', error });
      }
    },
    async cancel(reason) {
      end({ kind: 'cancelled' });
      await reader.cancel(reason);
    },
  });
  return new Response(traced, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
