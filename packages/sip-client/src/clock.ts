/**
 * A source of time for everything in this package that waits (transaction timers, registration refresh, 2xx
 * retransmission). Tests pass `FakeClock` from `@voip/testkit`, which fits by structure.
 */
export interface Clock {
  /** Milliseconds on a monotonic scale; only differences matter. */
  now(): number;
  /**
   * Runs `fn` once after `ms` milliseconds.
   * @param ms - delay in milliseconds (0 or more)
   * @param fn - the callback
   * @returns a handle for {@link Clock.clearTimer}
   */
  setTimer(ms: number, fn: () => void): TimerHandle;
  /**
   * Cancels a timer; unknown or already fired handles are ignored.
   * @param handle - a handle from {@link Clock.setTimer}
   */
  clearTimer(handle: TimerHandle): void;
}

/** The opaque handle a {@link Clock} returns for a scheduled timer. */
export type TimerHandle = object;

/**
 * The real clock: `performance.now()` and `setTimeout`. The globals are read at call time, so test tools that swap
 * them still apply. Timers keep the process alive while they are pending, as a running client should.
 */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimer: (ms, fn) => setTimeout(fn, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
