/**
 * A manual clock for tests. It fits the `Clock` type of `@voip/sip-client` and `@voip/rtp` by structure:
 * `now()` in milliseconds, `setTimer(ms, fn)` and `clearTimer(handle)`. Nothing fires until {@link FakeClock.advance}.
 */
export class FakeClock {
  #now: number;
  #seq = 0;
  readonly #timers = new Map<FakeTimer, { at: number; seq: number; fn: () => void }>();

  /** @param start - the initial reading of `now()`, in milliseconds. */
  constructor(start = 1_000) {
    this.#now = start;
  }

  /** The current fake time in milliseconds. */
  now(): number {
    return this.#now;
  }

  /** Schedules `fn` to run when the clock has advanced by `ms` (0 or more). */
  setTimer(ms: number, fn: () => void): FakeTimer {
    const handle = new FakeTimer();
    this.#timers.set(handle, { at: this.#now + Math.max(0, ms), seq: this.#seq++, fn });
    return handle;
  }

  /** Cancels a timer; unknown or fired handles are ignored. */
  clearTimer(handle: object): void {
    this.#timers.delete(handle as FakeTimer);
  }

  /** How many timers are waiting. */
  get pending(): number {
    return this.#timers.size;
  }

  /**
   * Moves time forward by `ms`, firing every timer that falls due, in due order, each at its own due time
   * (timers scheduled by a firing timer fire too when they fall within the window).
   * @throws RangeError when more than `maxFirings` timers fire, which means a timer loop that never ends.
   */
  advance(ms: number, maxFirings = 1_000_000): void {
    const end = this.#now + ms;
    let fired = 0;
    for (;;) {
      let next: [FakeTimer, { at: number; seq: number; fn: () => void }] | undefined;
      for (const entry of this.#timers) {
        if (entry[1].at > end) continue;
        if (!next || entry[1].at < next[1].at || (entry[1].at === next[1].at && entry[1].seq < next[1].seq)) next = entry;
      }
      if (!next) break;
      this.#timers.delete(next[0]);
      this.#now = next[1].at;
      if (++fired > maxFirings) throw new RangeError(`FakeClock.advance: more than ${maxFirings} timers fired`);
      next[1].fn();
    }
    this.#now = end;
  }
}

/** The opaque handle {@link FakeClock.setTimer} returns. */
export class FakeTimer {}
