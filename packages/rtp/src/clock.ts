/** What {@link Clock.setTimer} returns: an opaque handle for {@link Clock.clearTimer}. */
export type TimerHandle = object;

/**
 * The only source of time in this package. Whatever waits takes one (`options.clock`), so tests can drive time with
 * a fake clock (`FakeClock` from the private testkit fits by structure) and nothing sleeps.
 */
export interface Clock {
  /** Milliseconds on a monotonic scale (only differences matter). */
  now(): number;
  /** Runs `fn` once after `ms` milliseconds (0 or more). */
  setTimer(ms: number, fn: () => void): TimerHandle;
  /** Cancels a timer; unknown or already fired handles are ignored. */
  clearTimer(handle: TimerHandle): void;
}

/**
 * The real clock: `performance.now()` and `setTimeout`. Its timers keep the process alive while they are pending
 * (an RTP session that is running should). The globals are read at call time, so test tools that replace them work.
 */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimer: (ms, fn) => setTimeout(fn, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
