import { abortError } from './abort.js';

/**
 * A bounded FIFO with promise and async-iterator consumers: what `VoIPPhone.incomingCalls()` and `VoIPCall.dtmf()`
 * are made of. When more than `limit` items wait unread, the oldest is dropped and counted.
 * @internal
 */
export class AsyncQueue<T> {
  readonly #items: T[] = [];
  readonly #waiters: { resolve: (v: IteratorResult<T>) => void }[] = [];
  #closed = false;
  /** Items dropped because nobody read them before the queue was full. */
  dropped = 0;

  /** @param limit - how many unread items are kept at most. */
  constructor(readonly limit = 1024) {}

  /** Whether {@link AsyncQueue.close} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Adds an item, handing it straight to a waiting reader when there is one. Ignored once closed. */
  push(item: T): void {
    if (this.#closed) return;
    const waiter = this.#waiters.shift();
    if (waiter) return waiter.resolve({ value: item, done: false });
    if (this.#items.length >= this.limit) {
      this.#items.shift();
      this.dropped++;
    }
    this.#items.push(item);
  }

  /** Ends the queue: waiting and future readers get `done` once the buffered items are read. */
  close(): void {
    this.#closed = true;
    for (const waiter of this.#waiters.splice(0)) waiter.resolve({ value: undefined, done: true });
  }

  /**
   * The next item, waiting for one if needed.
   * @returns `{ done: true }` when the queue is closed and empty.
   * @throws an `AbortError` (rejection) when `signal` aborts first; the waiter is removed.
   */
  next(signal?: AbortSignal): Promise<IteratorResult<T>> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (this.#items.length > 0) return Promise.resolve({ value: this.#items.shift() as T, done: false });
    if (this.#closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: (v: IteratorResult<T>) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(v);
        },
      };
      const onAbort = (): void => {
        const i = this.#waiters.indexOf(waiter);
        if (i >= 0) this.#waiters.splice(i, 1);
        reject(abortError(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }

  /** Reads items until the queue closes or `signal` aborts (then the loop ends quietly). */
  async *iterate(signal?: AbortSignal): AsyncGenerator<T, void, undefined> {
    for (;;) {
      let result: IteratorResult<T>;
      try {
        result = await this.next(signal);
      } catch (err) {
        if (signal?.aborted) return;
        throw err;
      }
      if (result.done) return;
      yield result.value;
    }
  }
}
