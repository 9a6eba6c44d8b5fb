import { type BodyWatch, deliveryCancelled } from './body-observer.js';

type Chunk = Uint8Array;
type Read = ReadableStreamReadResult<Chunk>;
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
 * `for await` over the stream (openai 5 and 6 and portkey-ai read an event stream so) reads `source`
 * directly: no pull of this stream per chunk, which costs a stream's machinery and two promises a chunk.
 */
export function passThroughBody(
  source: ReadableStream<Chunk>,
  watch: BodyWatch,
  owner: object | undefined,
): ReadableStream<Chunk> {
  let reader: ReadableStreamDefaultReader<Chunk> | undefined;
  // Released once `source` is locked; until then the stream's callbacks keep it reachable.
  const kept: { owner?: object } = { owner };
  let controller!: ReadableStreamDefaultController<Chunk>;
  // Once read through a pull, a chunk may wait in this stream's queue: then only its own iterator is in order.
  let pulled = false;
  // Closed, errored or cancelled: the platform's iterator over it ends or fails as it should.
  let ended = false;
  const fail = (error: unknown): void => {
    ended = true;
    controller.error(error);
  };
  // What a pull and the iterator below share; each makes one `read()` of its own a chunk.
  const reads: SourceReads = {
    startRead() {
      if (reader === undefined) {
        try {
          reader = source.getReader();
        } catch (error) {
          // The body was taken another way (a clone, `text()`): this stream fails, as the original's would.
          fail(error);
          throw error;
        }
        kept.owner = undefined;
      }
      watch.call.readStarted();
      return reader;
    },
    settled(result) {
      watch.call.readSettled();
      if (result.done) {
        watch.observer.done();
        ended = true;
        controller.close();
      } else watch.observer.chunk(result.value);
    },
    failed(error) {
      watch.call.readSettled();
      watch.observer.failed(error);
      fail(error);
    },
  };
  const stream = new ReadableStream<Chunk>(
    {
      start(streamController) {
        controller = streamController;
      },
      pull() {
        pulled = true;
        let from: ReadableStreamDefaultReader<Chunk>;
        try {
          from = reads.startRead();
        } catch {
          return;
        }
        return from.read().then((result) => {
          reads.settled(result);
          if (!result.done) controller.enqueue(result.value);
        }, reads.failed);
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
    return sourceIterator(reads, lock, Boolean(options?.preventCancel));
  }
  for (const key of [Symbol.asyncIterator, 'values'])
    Object.defineProperty(stream, key, { value: iterate, writable: true, configurable: true });
  return stream;
}

/** One read of the source at a time, reported to the watch; its end or failure ends the pass-through. */
interface SourceReads {
  /**
   * The source's reader (taken at the first read) for a read about to start; throws, and fails the
   * pass-through, when the source was taken another way.
   */
  startRead(): ReadableStreamDefaultReader<Chunk>;
  settled(result: Read): void;
  failed(error: unknown): void;
}

/**
 * An async iterator over the pass-through (held by `lock`) that reads the source itself through
 * `reads`, which reports each read and ends the pass-through as a pull would. It behaves as the
 * platform's: one read at a time in call order, the lock released at the end, an early `return()`
 * cancels unless `preventCancel`. The source is locked at the first `next()`, not before: an iterator
 * let go unread leaves it as it was.
 */
function sourceIterator(
  reads: SourceReads,
  lock: ReadableStreamDefaultReader<Chunk>,
  preventCancel: boolean,
): AsyncIterableIterator<Chunk> {
  let finished = false;
  let ongoing: Promise<Iteration> | undefined;
  const finish = (): void => {
    finished = true;
    lock.releaseLock();
  };
  const onRead = (result: Read): Iteration => {
    reads.settled(result);
    ongoing = undefined;
    if (!result.done) return result;
    finish();
    return { done: true, value: undefined };
  };
  const onFailure = (error: unknown): never => {
    reads.failed(error);
    ongoing = undefined;
    finish();
    throw error;
  };
  const nextStep = (): Promise<Iteration> => {
    if (finished) return Promise.resolve({ done: true, value: undefined });
    let from: ReadableStreamDefaultReader<Chunk>;
    try {
      from = reads.startRead();
    } catch (error) {
      finish();
      return Promise.reject(error);
    }
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
