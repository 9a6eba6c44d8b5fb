/**
 * A first-in first-out queue of spans waiting for export, in a fixed ring so that pushing, taking a
 * batch and dropping the oldest cost no copying of the rest.
 */
export class SpanQueue<T> {
  private readonly ring: (T | undefined)[];
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.ring = new Array<T | undefined>(capacity);
  }

  get length(): number {
    return this.count;
  }

  /** Adds at the back. When the ring is full, the oldest item makes room and is returned. */
  push(item: T): T | undefined {
    let dropped: T | undefined;
    if (this.count === this.capacity) dropped = this.shift();
    this.ring[(this.head + this.count) % this.capacity] = item;
    this.count += 1;
    return dropped;
  }

  /** Removes and returns up to `size` items from the front. */
  take(size: number): T[] {
    const taken: T[] = [];
    while (taken.length < size && this.count > 0) taken.push(this.shift() as T);
    return taken;
  }

  /**
   * Puts items back at the front, in their order (a failed batch, to be retried first). Items beyond
   * `room` free places are not kept: the oldest ones, returned so they can be counted.
   */
  unshift(items: readonly T[], room: number = this.capacity - this.count): T[] {
    const keep = Math.max(0, Math.min(items.length, room, this.capacity - this.count));
    const dropped = items.slice(0, items.length - keep);
    for (let index = items.length - 1; index >= items.length - keep; index--) {
      this.head = (this.head - 1 + this.capacity) % this.capacity;
      this.ring[this.head] = items[index];
      this.count += 1;
    }
    return dropped;
  }

  /** Removes and returns the oldest item. */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.ring[this.head];
    this.ring[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.count -= 1;
    return item;
  }

  /** Empties the queue and returns what it held. */
  clear(): T[] {
    return this.take(this.count);
  }
}
