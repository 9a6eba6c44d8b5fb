import { describe, expect, it } from 'vitest';
import { SpanQueue } from './span-queue.js';

describe('SpanQueue', () => {
  it('is first in, first out, and a full queue pushes out its oldest item', () => {
    const queue = new SpanQueue<number>(3);
    expect([queue.push(1), queue.push(2), queue.push(3)]).toEqual([undefined, undefined, undefined]);
    expect(queue.push(4)).toBe(1);
    expect(queue.take(2)).toEqual([2, 3]);
    expect(queue.length).toBe(1);
  });

  it('puts a batch back in front in its order, keeping only what fits, and says what it dropped', () => {
    const queue = new SpanQueue<string>(4);
    queue.push('d');
    queue.push('e');
    expect(queue.unshift(['a', 'b', 'c'])).toEqual(['a']);
    expect(queue.clear()).toEqual(['b', 'c', 'd', 'e']);
    expect(queue.unshift(['x', 'y'], 1)).toEqual(['x']);
    expect(queue.clear()).toEqual(['y']);
  });

  it('wraps around its ring without losing order', () => {
    const queue = new SpanQueue<number>(3);
    for (let round = 0; round < 10; round++) {
      queue.push(round);
      queue.push(round + 100);
      expect(queue.take(2)).toEqual([round, round + 100]);
    }
    expect(queue.shift()).toBeUndefined();
  });
});
