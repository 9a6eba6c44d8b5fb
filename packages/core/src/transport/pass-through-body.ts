import { type BodyWatch, deliveryCancelled } from './body-observer.js';

type Chunk = Uint8Array;
type Iteration = IteratorResult<Chunk, undefined>;

const baseGetReader = ReadableStream.prototype.getReader as (
  this: ReadableStream<Chunk>,
) => ReadableStreamDefaultReader<Chunk>;
// %AsyncIteratorPrototype%, as the platform's iterator has (Symbol.asyncDispose on Node 24).
const AsyncIteratorPrototype = Object.getPrototypeOf(
  Object.getPrototypeOf(async function* () {}).prototype,
) as object;
const baseIterator = (ReadableStream.prototype as unknown as Record<symbol, unknown>)[
  Symbol.asyncIterator
] as (this: ReadableStream<Chunk>, options?: { preventCancel?: boolean }) => AsyncIterableIterator<Chunk>;

/**
 * `source` as a stream of its own that forwards every chunk unchanged, and to the watch's observer,
 * when the consumer asks for it: nothing is read ahead or buffered, and `source` is not locked before
 * the first read (so, as on the original, `response.body` alone does not make `text()` fail). A cancel
 * is passed on to `source`, down to the socket. `owner` (the response `source` came from) is kept until
 * `source` is locked: the platform cancels an unread body whose fetch response was garbage collected.
 *
 * `for await` over the stream (openai 5 and 6 and portkey-ai read an event stream so) reads `source` directly: no pull of
 * this stream per chunk, which costs a stream's machinery and two promises a chunk.
 */
export function passThroughBody(
  source: ReadableStream<Chunk>,
  watch: BodyWatch,
  owner: object | undefined,
): ReadableStream<Chunk> {
  let reader: ReadableStreamDefaultReader<Chunk> | undefined;
  // Released once `source` is locked; until then the stream's callbacks keep it reachable.
  const kept: { owner?: object } = { owner };
  const sourceReader = (): ReadableStreamDefaultReader<Chunk> => {
    if (reader === undefined) {
      reader = source.getReader();
      kept.owner = undefined;
    }
    return reader;
  };
  let controller!: ReadableStreamDefaultController<Chunk>;
  // Once read through a pull, a chunk may wait in this stream's queue: then only its own iterator is in order.
  let pulled = false;
  // Closed, errored or cancelled: the platform's iterator over it ends or fails as it should.
  let ended = false;
  const stream = new ReadableStream<Chunk>(
    {
      start(streamController) {
        controller = streamController;
      },
      async pull() {
        pulled = true;
        const { call, observer } = watch;
        let from: ReadableStreamDefaultReader<Chunk>;
        try {
          from = sourceReader();
        } catch (error) {
          // The body was taken another way (a clone, `text()`): this stream fails, as the original's would.
          ended = true;
          controller.error(error);
          return;
        }
        call.readStarted();
        let result: ReadableStreamReadResult<Chunk>;
        try {
          result = await from.read();
        } catch (error) {
          call.readSettled();
          observer.failed(error);
          ended = true;
          controller.error(error);
          return;
        }
        call.readSettled();
        if (result.done) {
          observer.done();
          ended = true;
          controller.close();
          return;
        }
        observer.chunk(result.value);
        controller.enqueue(result.value);
      },
      cancel(reason) {
        // Counted at once, whatever the body's cancel gives: that of a body the abort already failed rejects.
        ended = true;
        deliveryCancelled(watch);
        kept.owner = undefined;
        return reader ? reader.cancel(reason) : source.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  function iterate(options?: { preventCancel?: boolean }): AsyncIterableIterator<Chunk> {
    if (pulled || ended || (reader === undefined && source.locked)) return baseIterator.call(stream, options);
    // Locked while iterated, as the platform's iterator locks it (a second iterator or reader fails).
    const lock = baseGetReader.call(stream);
    // The source is locked at the first next(), not before: an iterator let go unread leaves it as it was.
    return sourceIterator(sourceReader, lock, controller, watch, Boolean(options?.preventCancel), () => {
      ended = true;
    });
  }
  for (const key of [Symbol.asyncIterator, 'values'])
    Object.defineProperty(stream, key, { value: iterate, writable: true, configurable: true });
  return stream;
}

/**
 * An async iterator over the pass-through that reads the source's reader itself (taken at the first
 * `next()`) and reports to the watch: it behaves as the platform's (one read at a time in call order, the lock released at
 * the end, an early `return()` cancels unless `preventCancel`), and closes or errors the pass-through
 * as a pull would have.
 */
function sourceIterator(
  sourceReader: () => ReadableStreamDefaultReader<Chunk>,
  lock: ReadableStreamDefaultReader<Chunk>,
  controller: ReadableStreamDefaultController<Chunk>,
  watch: BodyWatch,
  preventCancel: boolean,
  onEnd: () => void,
): AsyncIterableIterator<Chunk> {
  let from: ReadableStreamDefaultReader<Chunk> | undefined;
  const { call, observer } = watch;
  let finished = false;
  let ongoing: Promise<Iteration> | undefined;
  const finish = (): void => {
    finished = true;
    lock.releaseLock();
  };
  const onRead = (result: ReadableStreamReadResult<Chunk>): Iteration => {
    ongoing = undefined;
    call.readSettled();
    if (result.done) {
      observer.done();
      onEnd();
      controller.close();
      finish();
      return { done: true, value: undefined };
    }
    observer.chunk(result.value);
    return result;
  };
  const onFailure = (error: unknown): never => {
    ongoing = undefined;
    call.readSettled();
    observer.failed(error);
    onEnd();
    controller.error(error);
    finish();
    throw error;
  };
  const nextStep = (): Promise<Iteration> => {
    if (finished) return Promise.resolve({ done: true, value: undefined });
    if (from === undefined) {
      try {
        from = sourceReader();
      } catch (error) {
        // Taken another way meanwhile: fails as a pull would.
        onEnd();
        controller.error(error);
        finish();
        return Promise.reject(error);
      }
    }
    call.readStarted();
    return from.read().then(onRead, onFailure);
  };
  const returnStep = (value: undefined): Promise<Iteration> => {
    if (finished) return Promise.resolve({ done: true, value });
    finished = true;
    if (preventCancel) {
      lock.releaseLock();
      return Promise.resolve({ done: true, value });
    }
    // Through the lock, so the pass-through's cancel counts it and passes it on to the source.
    const cancelled = lock.cancel(value);
    lock.releaseLock();
    return cancelled.then(() => ({ done: true, value }));
  };
  return Object.setPrototypeOf(
    {
      next() {
        ongoing = ongoing === undefined ? nextStep() : ongoing.then(nextStep, nextStep);
        return ongoing;
      },
      return(value?: undefined) {
        const step = () => returnStep(value);
        return ongoing === undefined ? step() : ongoing.then(step, step);
      },
    },
    AsyncIteratorPrototype,
  ) as AsyncIterableIterator<Chunk>;
}
