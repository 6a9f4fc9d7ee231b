import { describe, expect, it } from 'vitest';
import { PCMQueue } from './pcm-queue.js';

describe('PCMQueue', () => {
  it('hands out frames across write boundaries and pads the last with silence', () => {
    const q = new PCMQueue();
    q.write(Int16Array.of(1, 2, 3));
    q.write(Int16Array.of(4, 5));
    const frame = new Int16Array(4).fill(9);
    expect(q.take(frame)).toBe(4);
    expect([...frame]).toEqual([1, 2, 3, 4]);
    expect(q.length).toBe(1);
    expect(q.take(frame)).toBe(1);
    expect([...frame]).toEqual([5, 0, 0, 0]);
    expect(q.take(frame)).toBe(0);
    expect([...frame]).toEqual([0, 0, 0, 0]);
  });

  it('copies what is written, so the caller may reuse its buffer', () => {
    const q = new PCMQueue();
    const mine = Int16Array.of(7, 7);
    q.write(mine);
    mine.fill(0);
    const frame = new Int16Array(2);
    q.take(frame);
    expect([...frame]).toEqual([7, 7]);
  });

  it('clear() drops everything and says how much', () => {
    const q = new PCMQueue();
    q.write(new Int16Array(300));
    q.take(new Int16Array(100));
    expect(q.clear()).toBe(200);
    expect(q.length).toBe(0);
  });

  it('keeps order over many small writes', () => {
    const q = new PCMQueue();
    for (let i = 0; i < 1000; i++) q.write(Int16Array.of(i));
    const frame = new Int16Array(160);
    const seen: number[] = [];
    while (q.length > 0) {
      const n = q.take(frame);
      seen.push(...frame.subarray(0, n));
    }
    expect(seen).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });
});
