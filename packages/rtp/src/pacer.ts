import { systemClock, type Clock, type TimerHandle } from './clock.js';

/** Something the {@link Pacer} wakes: `run(now)` does the work due by `now` and returns when it is due next. */
export interface PacedTask {
  run(now: number): number;
}

interface Entry {
  due: number;
  /** Insertion order: tasks due together always run in the same order, so none drifts inside a burst. */
  readonly order: number;
  readonly task: PacedTask;
  removed: boolean;
}

/**
 * Sessions start on this grid (ms), so that sessions fall due together in groups and one timer firing serves a
 * group instead of one timer per session; {@link Pacer.claimPhase} spreads the groups over the period.
 */
export const PACING_GRID_MS = 4;

/**
 * How much earlier than the first due task the real clock's timer is set. `setTimeout` has whole-millisecond
 * granularity and fires up to 1 ms late; waking early and waiting out the rest keeps sub-millisecond precision.
 */
const SYSTEM_LEAD_MS = 1;

/** `Atomics.wait` returns about this much (ms) after the time asked for (0.07–0.17 ms measured on Linux). */
const WAIT_OVERSHOOT_MS = 0.1;

/** A cell no one notifies: `Atomics.wait` on it is a precise sub-millisecond sleep. */
const SLEEPER = new Int32Array(new SharedArrayBuffer(4));

/**
 * One timer for every paced session on a clock: a min-heap of tasks by due time, one timer armed for the
 * earliest, and every task due by the time it fires run in that one callback. Without it, 500 sessions arm 500
 * timers every 20 ms and their callbacks interleave with socket I/O, which is what makes intervals jitter.
 * On {@link systemClock} the timer is set {@link SYSTEM_LEAD_MS} early and the remainder is slept out with
 * `Atomics.wait` (to within about 0.1 ms); other clocks (fakes) fire on time and are never waited on.
 */
export class Pacer {
  readonly #clock: Clock;
  readonly #lead: number;
  readonly #heap: Entry[] = [];
  #timer: TimerHandle | undefined;
  #armedFor = Infinity;
  #added = 0;
  /** Per period (ms): how many claimed tasks hold each phase (start time modulo the period). */
  readonly #phases = new Map<number, Map<number, number>>();

  /** @param clock - the time source whose timers drive every task. */
  constructor(clock: Clock) {
    this.#clock = clock;
    this.#lead = clock === systemClock ? SYSTEM_LEAD_MS : 0;
  }

  /** Tasks waiting (removed ones not counted once they reach the top). */
  get size(): number {
    return this.#heap.length;
  }

  /**
   * Adds a task first due at `due`.
   * @param task - what to run.
   * @param due - clock time of its first run.
   * @returns a handle for {@link Pacer.remove}.
   */
  add(task: PacedTask, due: number): object {
    const entry: Entry = { due, order: this.#added++, task, removed: false };
    this.#push(entry);
    this.#arm();
    return entry;
  }

  /**
   * A start time for a task that will run every `period` ms: the earliest grid point from `now` on whose phase (the
   * time modulo the period) the fewest claimed tasks of that period hold. 500 streams of 20 ms then go out in five
   * groups of 100, 4 ms apart, instead of in one burst, in which the last waits for 499 sends and for any pause among
   * them. Phases are counted exactly, also for a period that is not a multiple of the grid (10 or 30 ms).
   * @param now - the clock's time.
   * @param period - the task's period in ms (a ptime).
   * @returns a grid time in `[now, now + period)` (the first grid point from `now` when the period is shorter than
   *   the grid); give it back with {@link Pacer.releasePhase}.
   */
  claimPhase(now: number, period: number): number {
    const load = this.#phases.get(period) ?? new Map<number, number>();
    this.#phases.set(period, load);
    const loadAt = (t: number): number => load.get(t % period) ?? 0;
    let best = Math.ceil(now / PACING_GRID_MS) * PACING_GRID_MS;
    for (let t = best + PACING_GRID_MS; t < now + period; t += PACING_GRID_MS) if (loadAt(t) < loadAt(best)) best = t;
    load.set(best % period, loadAt(best) + 1);
    return best;
  }

  /**
   * Gives back a start from {@link Pacer.claimPhase}.
   * @param start - what it returned.
   * @param period - the period it was claimed for.
   */
  releasePhase(start: number, period: number): void {
    const load = this.#phases.get(period);
    if (!load) return;
    const phase = start % period;
    const count = load.get(phase) ?? 0;
    if (count > 1) load.set(phase, count - 1);
    else load.delete(phase);
  }

  /**
   * Removes a task; it will not run again.
   * @param handle - what {@link Pacer.add} returned.
   */
  remove(handle: object): void {
    (handle as Entry).removed = true;
    while (this.#heap.length > 0 && this.#heap[0]!.removed) this.#pop();
    if (this.#heap.length === 0 && this.#timer) {
      this.#clock.clearTimer(this.#timer);
      this.#timer = undefined;
      this.#armedFor = Infinity;
    }
  }

  #arm(): void {
    const top = this.#heap[0];
    if (!top) return;
    const at = top.due - this.#lead;
    if (this.#timer && at >= this.#armedFor) return;
    if (this.#timer) this.#clock.clearTimer(this.#timer);
    this.#armedFor = at;
    this.#timer = this.#clock.setTimer(Math.max(0, at - this.#clock.now()), this.#fire);
  }

  readonly #fire = (): void => {
    this.#timer = undefined;
    this.#armedFor = Infinity;
    let now = this.#clock.now();
    const heap = this.#heap;
    if (this.#lead > 0 && heap.length > 0) {
      const first = heap[0]!.due;
      if (first > now && first - now <= this.#lead) {
        // Woken early on purpose: sleep out the (sub-millisecond) rest. Not in a spin on the clock: each
        // performance.now() allocates, and at 500 streams the spinning caused most of the garbage collections.
        const rest = first - now - WAIT_OVERSHOOT_MS;
        if (rest > 0) Atomics.wait(SLEEPER, 0, 0, rest);
        now = Math.max(this.#clock.now(), first);
      }
    }
    while (heap.length > 0 && heap[0]!.due <= now) {
      const entry = this.#pop();
      if (entry.removed) continue;
      entry.due = entry.task.run(now);
      if (!entry.removed) this.#push(entry);
    }
    while (heap.length > 0 && heap[0]!.removed) this.#pop();
    this.#arm();
  };

  #push(entry: Entry): void {
    const heap = this.#heap;
    let i = heap.length;
    heap.push(entry);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(entry, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = entry;
  }

  #pop(): Entry {
    const heap = this.#heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= heap.length) break;
        const r = l + 1;
        const c = r < heap.length && before(heap[r]!, heap[l]!) ? r : l;
        if (!before(heap[c]!, last)) break;
        heap[i] = heap[c]!;
        i = c;
      }
      heap[i] = last;
    }
    return top;
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.due < b.due || (a.due === b.due && a.order < b.order);
}

const pacers = new WeakMap<Clock, Pacer>();

/**
 * The one {@link Pacer} of a clock, made on first use.
 * @param clock - the time source.
 * @returns its pacer.
 */
export function pacerFor(clock: Clock): Pacer {
  let pacer = pacers.get(clock);
  if (!pacer) pacers.set(clock, (pacer = new Pacer(clock)));
  return pacer;
}
