import { type BodyWatch, deliveryCancelled } from './body-observer.js';

/**
 * `source` as a stream of its own that forwards every chunk unchanged, and to the watch's observer,
 * when the consumer asks for it: nothing is read ahead or buffered, and `source` is not locked before
 * the first read (so, as on the original, `response.body` alone does not make `text()` fail). A cancel
 * is passed on to `source`, down to the socket. `owner` (the response `source` came from) is kept until
 * `source` is locked: the platform cancels an unread body whose fetch response was garbage collected.
 */
export function passThroughBody(
  source: ReadableStream<Uint8Array>,
  watch: BodyWatch,
  owner: object | undefined,
): ReadableStream<Uint8Array> {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  // Released once `source` is locked; until then the stream's callbacks keep it reachable.
  const kept: { owner?: object } = { owner };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { call, observer } = watch;
        if (reader === undefined) {
          try {
            reader = source.getReader();
            kept.owner = undefined;
          } catch (error) {
            // The body was taken another way (a clone, `text()`): this stream fails, as the original's would.
            controller.error(error);
            return;
          }
        }
        call.readStarted();
        let result: ReadableStreamReadResult<Uint8Array>;
        try {
          result = await reader.read();
        } catch (error) {
          call.readSettled();
          observer.failed(error);
          controller.error(error);
          return;
        }
        call.readSettled();
        if (result.done) {
          observer.done();
          controller.close();
          return;
        }
        observer.chunk(result.value);
        controller.enqueue(result.value);
      },
      cancel(reason) {
        // Counted at once, whatever the body's cancel gives: that of a body the abort already failed rejects.
        deliveryCancelled(watch);
        kept.owner = undefined;
        return reader ? reader.cancel(reason) : source.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
