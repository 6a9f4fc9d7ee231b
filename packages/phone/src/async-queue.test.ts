import { describe, expect, it } from 'vitest';
import { AsyncQueue } from './async-queue.js';

describe('AsyncQueue', () => {
  it('hands items to waiting readers in order and ends iteration on close', async () => {
    const q = new AsyncQueue<number>();
    const first = q.next();
    q.push(1);
    q.push(2);
    q.push(3);
    expect(await first).toEqual({ value: 1, done: false });
    const seen: number[] = [];
    const reading = (async () => {
      for await (const n of q.iterate()) seen.push(n);
    })();
    await new Promise((r) => setImmediate(r));
    q.push(4);
    q.close();
    await reading;
    expect(seen).toEqual([2, 3, 4]);
    q.push(5);
    expect(await q.next()).toEqual({ value: undefined, done: true });
  });

  it('rejects a waiting reader with AbortError and does not lose the next item', async () => {
    const q = new AsyncQueue<string>();
    const ac = new AbortController();
    const waiting = q.next(ac.signal);
    ac.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    q.push('x');
    expect(await q.next()).toEqual({ value: 'x', done: false });
  });

  it('drops the oldest item past its limit and counts it', async () => {
    const q = new AsyncQueue<number>(2);
    q.push(1);
    q.push(2);
    q.push(3);
    expect(q.dropped).toBe(1);
    expect((await q.next()).value).toBe(2);
  });
});
